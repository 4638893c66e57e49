import Foundation
import RealtimeTestSupport
import Testing

@testable import RealtimeCore

@Suite struct ConfigurationRejectionTests {
    @Test func aRejectedUpdateIsRevertedWithTheServersMessage() async throws {
        let server = try await ScriptedServer.start(script: [
            .text(TransportTests.sessionCreated), .awaitClientMessages(1),
            .text(#"{"type":"session.updated","event_id":"event_2","session":{"type":"realtime","audio":{"output":{"voice":"marin","speed":1.0}}}}"#),
            .awaitClientMessages(2),
            .text(
                #"{"type":"error","event_id":"event_3","error":{"type":"invalid_request_error","code":"invalid_value","message":"Invalid value: 'voice_nope'. Supported values are: 'alloy', 'marin'.","param":"session.audio.output.voice","event_id":"rtc_2"}}"#
            ),
            .close(code: 1000, reason: "done"),
        ])
        defer { Task { await server.stop() } }
        let endpoint = Endpoint.custom(baseURL: server.baseURL, model: "gpt-realtime", dialect: .ga, credential: nil)!
        let session = RealtimeSession(options: SessionOptions(endpoint: endpoint))
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the first confirmation") { updates in updates.contains { if case .configuration = $0 { true } else { false } } }
        var change = await session.desiredConfig
        change.voice = "voice_nope"
        try await session.updateConfig(change)
        #expect(await session.desiredConfig.voice == "voice_nope")
        try await collector.wait("the rejection") { updates in updates.contains { if case .configurationRejected = $0 { true } else { false } } }
        let rejection = collector.all.compactMap { if case .configurationRejected(let field, let message) = $0 { (field, message) } else { nil } }
            .first
        #expect(rejection?.0 == "session.audio.output.voice")
        #expect(rejection?.1.contains("voice_nope") == true)
        #expect(await session.desiredConfig.voice == "marin")
        await session.finish()
    }
}
