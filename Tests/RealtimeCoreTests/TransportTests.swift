import Foundation
import RealtimeTestSupport
import Testing

@testable import RealtimeCore

@Suite struct TransportTests {
    static let sessionCreated =
        #"{"type":"session.created","event_id":"event_1","session":{"type":"realtime","object":"realtime.session","id":"sess_s1","model":"gpt-realtime","output_modalities":["audio"],"audio":{"output":{"voice":"marin"}}}}"#

    func session(_ base: String, path: String = "") -> RealtimeSession {
        let endpoint = Endpoint.custom(
            baseURL: base + path, model: "gpt-realtime", dialect: .ga,
            credential: Credential(secret: "sk-test-secret-123456", source: "test"))!
        var transport = TransportConfiguration()
        transport.connectTimeout = .seconds(5)
        return RealtimeSession(options: SessionOptions(endpoint: endpoint, transport: transport, reconnect: .never))
    }

    @Test func framesLargerThan16KiBArriveAndTheCloseCodeIsReported() async throws {
        let retrieved =
            #"{"type":"conversation.item.retrieved","event_id":"event_2","item":{"id":"item_9","type":"message","role":"assistant","content":[{"type":"output_audio","audio":""#
            + String(repeating: "A", count: 300_000) + #"","transcript":"hi"}]}}"#
        let huge = #"{"type":"future.huge","event_id":"event_3","blob":""# + String(repeating: "x", count: 20 << 20) + #""}"#
        let server = try await ScriptedServer.start(script: [
            .text(Self.sessionCreated), .awaitClientMessages(1), .text(retrieved), .text(huge),
            .text(#"{"type":"rate_limits.updated","event_id":"event_4","rate_limits":[]}"#), .close(code: 4000, reason: "beta disabled"),
        ])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the close") { _ in collector.closedReason != nil }
        let types = collector.events.filter { $0.direction == .server }.map(\.type)
        #expect(types == ["session.created", "conversation.item.retrieved", "future.huge", "rate_limits.updated"])
        let reason = try #require(collector.closedReason)
        #expect(reason.contains("4000"))
        #expect(reason.contains("beta disabled"))
        #expect(server.clientMessages.first?.contains("\"session.update\"") == true)
    }

    @Test func aFatalErrorEndsTheSessionWithTheServersMessage() async throws {
        let server = try await ScriptedServer.start(script: [
            .text(Self.sessionCreated), .awaitClientMessages(1),
            .text(
                #"{"type":"error","event_id":"event_5","error":{"type":"invalid_request_error","code":"session_expired","message":"Your session hit the maximum duration of 60 minutes."}}"#
            ),
            .close(code: 1001, reason: "Your session hit the maximum duration of 60 minutes."),
        ])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the close") { _ in collector.closedReason != nil }
        #expect(collector.closedReason?.contains("maximum duration of 60 minutes") == true)
        #expect(collector.closedReason?.contains("session_expired") == true)
        #expect(await session.fatalError?.code == "session_expired")
    }

    @Test func malformedAndUnknownServerFramesAreNotFatal() async throws {
        let server = try await ScriptedServer.start(script: [
            .text(Self.sessionCreated), .awaitClientMessages(1), .text("this is {not json"),
            .text(#"{"type":"input_audio_buffer.speech_started","event_id":"e","audio_start_ms":"later","item_id":"i"}"#),
            .text(
                #"{"type":"response.created","event_id":"e2","response":{"id":"resp_1","object":"realtime.response","status":"in_progress","output":[]}}"#
            ),
            .close(code: 1000, reason: "bye"),
        ])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the close") { _ in collector.closedReason != nil }
        let warnings = collector.notices.filter { $0.level == .warning }.map(\.text)
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("not JSON") == true)
        #expect(warnings.last?.contains("audio_start_ms") == true)
        #expect(collector.all.contains(.assistantResponding(true)))
    }

    @Test func aRejectedKeyIsReportedAsABadKeyWithoutTheKey() async throws {
        let server = try await ScriptedServer.start(script: [])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL, path: "/reject")
        do {
            try await session.connect()
            Issue.record("connected through a 401")
        } catch {
            #expect(error.kind == .fatal)
            #expect(error.message.contains("rejected the API key"))
            #expect(error.message.contains("Incorrect API key provided"))
            #expect(!error.message.contains("sk-test-secret-123456"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func aMissingEndpointIsReportedAsNotFound() async throws {
        let server = try await ScriptedServer.start(script: [])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL.replacingOccurrences(of: "/v1", with: "/v9"))
        do {
            try await session.connect()
            Issue.record("connected to a 404")
        } catch {
            #expect(error.message.contains("404"))
        }
    }

    @Test func anUnreachableServerIsReportedAsUnreachable() async throws {
        let session = session("ws://127.0.0.1:1/v1")
        do {
            try await session.connect()
            Issue.record("connected to port 1")
        } catch {
            #expect(error.kind == .transport)
            #expect(error.message.contains("cannot reach 127.0.0.1:1"))
        }
    }

    /// A listening socket that never accepts: the kernel completes the TCP handshake, and the upgrade
    /// request is never answered.
    static func silentListener() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aServerThatNeverAnswersTheUpgradeTimesOutInOneLine() async throws {
        let listener = try Self.silentListener()
        defer { close(listener.descriptor) }
        let endpoint = Endpoint.custom(baseURL: "ws://127.0.0.1:\(listener.port)/v1", model: "gpt-realtime", dialect: .ga, credential: nil)!
        var transport = TransportConfiguration()
        transport.connectTimeout = .seconds(1)
        let session = RealtimeSession(options: SessionOptions(endpoint: endpoint, transport: transport, reconnect: .never))
        do {
            try await session.connect()
            Issue.record("connected to a server that never answers")
        } catch {
            #expect(error.kind == .transport)
            #expect(error.message.contains("did not finish the WebSocket upgrade within 1 s"), "\(error.message)")
        }
    }

    @Test func aClosedSessionReconnectsWhenAsked() async throws {
        let server = try await ScriptedServer.start(script: [.text(Self.sessionCreated), .awaitClientMessages(1), .close(code: 1011, reason: "boom")])
        defer { Task { await server.stop() } }
        let session = session(server.baseURL)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the call closed") { _ in collector.closedReason != nil }
        try await session.reconnectNow()
        try await collector.wait("connected again") { updates in
            updates.filter { if case .connection(.connected) = $0 { true } else { false } }.count >= 2
        }
        await session.finish()
    }
}
