import AudioIO
import Foundation
import RealtimeSim
import Testing

@testable import RealtimeCore

/// Calls that survive: the simulator injects faults from scenarios, and after each one what was said
/// before is all still there, nothing is duplicated, and the session ends in the expected state.
@Suite(.serialized) struct ReliabilityTests {
    struct Call {
        var server: SimulatorServer
        var session: RealtimeSession
        var collector: UpdateCollector

        func finish() async {
            await session.finish()
            await server.stop()
        }

        func turns() -> Int { collector.all.filter { if case .turn = $0 { true } else { false } }.count }

        func waitForTurns(_ n: Int) async throws {
            try await collector.wait(timeout: .seconds(30), "\(n) finished turns") { _ in turns() >= n }
        }

        func sessionIDs() -> [String] {
            var ids: [String] = []
            for update in collector.all { if case .connection(.connected(let id?)) = update, !ids.contains(id) { ids.append(id) } }
            return ids
        }
    }

    static let fastRetries = ReconnectPolicy(delays: [.zero, .milliseconds(200), .milliseconds(500)])

    func start(_ scenario: String, policy: ReconnectPolicy = fastRetries, outputText: Bool = true, autosave: URL? = nil) async throws -> Call {
        let file = try TestEnvironment.temporaryFolder().appendingPathComponent("scenario.json")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        var configuration = SimulatorConfiguration()
        configuration.scenario = try Scenario.load(contentsOf: file)
        configuration.voiceSynthesis = .tones
        configuration.pace = 8
        let server = SimulatorServer(configuration: configuration)
        let base = try await server.start()
        var config = SessionConfig()
        if outputText { config.outputModality = .text }
        let endpoint = Endpoint.custom(baseURL: base.absoluteString, model: "gpt-realtime", dialect: .ga, credential: nil)!
        var options = SessionOptions(endpoint: endpoint, config: config, playback: try TestEnvironment.player(.instant), reconnect: policy)
        options.autosave = autosave
        let session = RealtimeSession(options: options)
        let collector = UpdateCollector(session)
        try await session.connect()
        return Call(server: server, session: session, collector: collector)
    }

    func assertNoDuplicates(_ call: Call) async {
        let ids = await call.session.conversation.entries.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicated items: \(ids)")
    }

    @Test func aDropMidReplyReconnectsAndCarriesTheConversationOver() async throws {
        let call = try await start(
            """
            {"name": "drop", "turns": [
              {"reply": "First answer, short and complete."},
              {"reply": "Second answer is long and the network will cut it off in the middle of a sentence.", "delta_interval_ms": 30,
               "faults": [{"after_delta": 3, "action": "drop"}]}
            ]}
            """)
        try await call.session.sendText("one")
        try await call.waitForTurns(1)
        try await call.session.sendText("two")
        try await call.collector.wait("the reconnect notice") { _ in call.collector.notices.contains { $0.text.contains("carried over") } }
        #expect(call.sessionIDs().count == 2)
        #expect(call.collector.all.contains(.connection(.reconnecting(attempt: 1))))
        try await call.session.sendText("three")
        try await call.collector.wait("the reply after reconnecting") { _ in call.turns() >= 3 }
        let turns = await call.session.completedTurns
        #expect(turns.map(\.status) == ["completed", "incomplete", "completed"], "the reply the drop cut off is a turn too")
        #expect(turns[1].statusReason == "connection_lost")
        let entries = await call.session.conversation.entries
        let users = entries.filter { $0.speaker == .user }.map(\.text)
        #expect(users == ["one", "two", "three"])
        let replies = entries.filter { $0.speaker == .assistant }
        #expect(replies.count == 3)
        #expect(replies[0].text == "First answer, short and complete.")
        #expect(replies[1].interrupted && !replies[1].recordText.isEmpty)
        #expect(replies[1].recordText.count < "Second answer is long and the network will cut it off in the middle of a sentence.".count)
        #expect(await call.session.record().configChanges.isEmpty, "a reconnect is not a change of the configuration")
        await assertNoDuplicates(call)
        await call.finish()
    }

    @Test func theAutosaveAtAConnectionLossAlreadyMarksTheCutReply() async throws {
        let autosave = try TestEnvironment.temporaryFolder().appendingPathComponent("session.json")
        // No retry for half a minute: the save made at the loss is the last one.
        let call = try await start(
            """
            {"name": "drop", "turns": [
              {"reply": "This answer is long and the network will cut it off in the middle of a sentence.", "delta_interval_ms": 30,
               "faults": [{"after_delta": 3, "action": "drop"}]}
            ]}
            """, policy: ReconnectPolicy(delays: [.seconds(30)]), autosave: autosave)
        try await call.session.sendText("one")
        try await call.collector.wait("the loss") { _ in call.collector.all.contains(.connection(.reconnecting(attempt: 1))) }
        try await call.collector.wait(timeout: .seconds(5), "the autosave to mark the cut reply") { _ in
            guard let text = try? String(contentsOf: autosave, encoding: .utf8), let record = try? JSONParser.parse(text) else { return false }
            let items = record["items"]?.arrayValue ?? []
            return items.contains { $0["role"]?.stringValue == "assistant" && $0["interrupted"]?.boolValue == true }
        }
        await call.finish()
    }

    @Test func aStallIsWaitedOut() async throws {
        let call = try await start(
            """
            {"name": "stall", "turns": [{"reply": "This reply pauses for two seconds after its first delta.",
              "faults": [{"at": "after_first_audio_delta", "action": "stall", "seconds": 2}]}]}
            """)
        try await call.session.sendText("hello")
        try await call.waitForTurns(1)
        #expect(call.sessionIDs().count == 1)
        #expect(await call.session.conversation.entries.last?.text == "This reply pauses for two seconds after its first delta.")
        await call.finish()
    }

    @Test func malformedAndOversizedFramesAreSurvived() async throws {
        let call = try await start(
            """
            {"name": "frames", "turns": [{"reply": "Still here after a huge frame and a broken one.",
              "faults": [{"at": "before_response", "action": "huge_frame", "bytes": 20971520},
                         {"at": "before_response_done", "action": "malformed_frame"}]}]}
            """)
        try await call.session.sendText("hello")
        try await call.waitForTurns(1)
        #expect(call.sessionIDs().count == 1)
        #expect(call.collector.notices.contains { $0.level == .warning && $0.text.contains("not JSON") })
        #expect(call.collector.events.contains { $0.type == "conversation.item.retrieved" })
        #expect(await call.session.conversation.entries.last?.text == "Still here after a huge frame and a broken one.")
        await call.finish()
    }

    @Test func sessionExpiryRollsOverToANewSession() async throws {
        let call = try await start(
            """
            {"name": "expire", "turns": [{"reply": "Remember the number 42.", "faults": [{"at": "after_response_done", "action": "expire"}]}]}
            """)
        try await call.session.sendText("remember a number")
        try await call.waitForTurns(1)
        try await call.collector.wait("the new session") { _ in
            call.sessionIDs().count == 2 && call.collector.notices.contains { $0.text.contains("carried over") }
        }
        #expect(call.collector.notices.contains { $0.text.contains("time limit") })
        #expect(await call.session.state.isConnected)
        try await call.session.sendText("what was it?")
        try await call.waitForTurns(2)
        await assertNoDuplicates(call)
        #expect(await call.session.conversation.entries.filter { $0.speaker == .user }.map(\.text) == ["remember a number", "what was it?"])
        await call.finish()
    }

    @Test func aFatalErrorStopsWithoutRetrying() async throws {
        let call = try await start(
            """
            {"name": "bad key", "turns": [{"reply": "never said", "faults": [{"at": "before_response", "action": "error",
              "error_type": "invalid_request_error", "code": "invalid_api_key", "message": "Incorrect API key provided.", "fatal": true, "close_code": 4001}]}]}
            """)
        try await call.session.sendText("hello")
        try await call.collector.wait("the end") { _ in call.collector.closedReason != nil }
        #expect(call.collector.closedReason?.contains("Incorrect API key provided.") == true)
        #expect(!call.collector.all.contains { if case .connection(.reconnecting) = $0 { true } else { false } })
        #expect(await call.session.conversation.entries.map(\.text) == ["hello"])
        await call.finish()
    }

    @Test func aFatalErrorMidReplyFailsTheReplyInsteadOfCuttingIt() async throws {
        let call = try await start(
            """
            {"name": "fatal mid-reply", "turns": [{"reply": "This answer will not make it to its end because the server fails.",
              "delta_interval_ms": 20, "faults": [{"after_delta": 3, "action": "error", "error_type": "insufficient_quota",
              "code": "insufficient_quota", "message": "You exceeded your current quota.", "fatal": true, "close_code": 1011}]}]}
            """)
        try await call.session.sendText("hello")
        try await call.collector.wait("the end") { _ in call.collector.closedReason != nil }
        let reply = try #require(await call.session.conversation.entries.last { $0.speaker == .assistant })
        #expect(!reply.interrupted, "a failure is not a barge-in")
        #expect(reply.failure == "You exceeded your current quota. (insufficient_quota)")
        #expect(await call.session.completedTurns.last?.status == "failed")
        let record = await call.session.record()
        #expect(TranscriptExporter.render(record, as: .txt).contains("[failed: You exceeded your current quota. (insufficient_quota)]"))
        await call.finish()
    }

    @Test func theSessionRollsOverBeforeItsLimit() async throws {
        let policy = ReconnectPolicy(delays: [.zero], sessionLimit: .seconds(4))
        let call = try await start(#"{"name": "plain", "turns": []}"#, policy: policy)
        try await call.session.sendText("before the limit")
        try await call.waitForTurns(1)
        try await call.collector.wait(timeout: .seconds(15), "the rollover") { _ in call.sessionIDs().count == 2 }
        try await call.collector.wait("the carried conversation") { _ in call.collector.notices.contains { $0.text.contains("carried over") } }
        #expect(call.collector.notices.contains { $0.text.contains("ahead of the server's") })
        try await call.session.sendText("after the limit")
        try await call.waitForTurns(2)
        await assertNoDuplicates(call)
        #expect(await call.session.conversation.entries.count == 4)
        await call.finish()
    }
}
