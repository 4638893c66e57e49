import AudioIO
import Foundation
import RealtimeSim
import RealtimeTestSupport
import Testing

@testable import RealtimeCore

/// A client of one dialect on a server of the other stops at once with the flag that fixes it, instead of
/// going on with the server's defaults.
@Suite struct DialectMismatchTests {
    static let betaCreated = """
        {"type": "session.created", "event_id": "event_1", "session": {"id": "sess_1", "object": "realtime.session",
         "model": "gpt-4o-realtime-preview", "modalities": ["audio", "text"], "voice": "alloy",
         "input_audio_format": "pcm16", "output_audio_format": "pcm16", "temperature": 0.8}}
        """
    static let gaCreated = """
        {"type": "session.created", "event_id": "event_1", "session": {"type": "realtime", "id": "sess_1",
         "object": "realtime.session", "model": "gpt-realtime", "output_modalities": ["audio"],
         "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000}}, "output": {"voice": "marin"}}}}
        """
    /// A session that shows neither dialect's members: only the answer to `session.update` can tell.
    static let plainCreated = """
        {"type": "session.created", "event_id": "event_1", "session": {"id": "sess_1", "object": "realtime.session", "model": "gpt-realtime"}}
        """

    func created(_ text: String, as dialect: Dialect) throws -> SessionObject {
        guard case .sessionCreated(let payload) = try ServerEvent.decode(text, dialect: dialect) else {
            Issue.record("not a session.created")
            return SessionObject()
        }
        return payload.session
    }

    @Test func theShapeOfSessionCreatedNamesTheServersDialect() throws {
        #expect(DialectMismatch.serverDialect(created: try created(Self.betaCreated, as: .ga), clientDialect: .ga) == .beta)
        #expect(DialectMismatch.serverDialect(created: try created(Self.gaCreated, as: .beta), clientDialect: .beta) == .ga)
        #expect(DialectMismatch.serverDialect(created: try created(Self.gaCreated, as: .ga), clientDialect: .ga) == nil)
        #expect(DialectMismatch.serverDialect(created: try created(Self.betaCreated, as: .beta), clientDialect: .beta) == nil)
        #expect(DialectMismatch.serverDialect(created: try created(Self.plainCreated, as: .ga), clientDialect: .ga) == nil)
    }

    @Test func aRefusalOfSessionTypeNamesTheServersDialect() {
        let unknown = ErrorDetail(code: "unknown_parameter", message: "Unknown parameter: 'session.type'.", param: "session.type")
        let missing = ErrorDetail(
            code: "missing_required_parameter", message: "Missing required parameter: 'session.type'.", param: "session.type")
        #expect(DialectMismatch.serverDialect(refusal: unknown, clientDialect: .ga) == .beta)
        #expect(DialectMismatch.serverDialect(refusal: missing, clientDialect: .beta) == .ga)
        #expect(DialectMismatch.serverDialect(refusal: missing, clientDialect: .ga) == nil)
        let temperature = ErrorDetail(code: "unknown_parameter", message: "Unknown parameter.", param: "session.temperature")
        #expect(DialectMismatch.serverDialect(refusal: temperature, clientDialect: .ga) == nil)
    }

    @Test func aGAClientOnABetaSimulatorStopsBeforeSendingItsSettings() async throws {
        var configuration = SimulatorConfiguration()
        configuration.dialect = .beta
        configuration.voiceSynthesis = .tones
        let server = SimulatorServer(configuration: configuration)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let endpoint = Endpoint.custom(baseURL: base.absoluteString, model: "gpt-realtime", dialect: .ga, credential: nil)!
        let session = RealtimeSession(
            options: SessionOptions(endpoint: endpoint, config: SessionConfig(), playback: try TestEnvironment.player(.instant)))
        let collector = UpdateCollector(session)
        let error = await #expect(throws: SessionError.self) { try await session.connect() }
        #expect(
            error?.message
                == "the server speaks the beta dialect of the Realtime protocol (it does not know session.type): run again with --dialect beta")
        #expect(!collector.events.contains { $0.type == "session.update" }, "nothing is configured on a server that would ignore it")
        try await collector.wait("the call to close without reconnecting") { _ in collector.closedReason != nil }
    }

    @Test func aRefusedSessionTypeEndsTheCallWithOneLine() async throws {
        let refusal = """
            {"type": "error", "event_id": "event_2", "error": {"type": "invalid_request_error", "code": "unknown_parameter",
             "message": "Unknown parameter: 'session.type'.", "param": "session.type", "event_id": null}}
            """
        let server = try await ScriptedServer.start(script: [.text(Self.plainCreated), .awaitClientMessages(1), .text(refusal)])
        defer { Task { await server.stop() } }
        let endpoint = Endpoint.custom(baseURL: server.baseURL, model: "gpt-realtime", dialect: .ga, credential: nil)!
        let session = RealtimeSession(
            options: SessionOptions(endpoint: endpoint, config: SessionConfig(), playback: try TestEnvironment.player(.instant)))
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the mismatch to be named") { _ in collector.notices.contains { $0.text.contains("run again with --dialect beta") } }
        try await collector.wait("the call to close without reconnecting") { _ in collector.closedReason != nil }
        #expect(collector.closedReason?.contains("--dialect beta") == true)
    }
}
