import AudioIO
import Foundation
import RealtimeSim
import Testing

@testable import RealtimeCore

/// The sound server dies while the assistant speaks: the reply is settled at what was heard then, and
/// nothing after the server is back (a barge-in, the next reply) touches it again.
@Suite(.serialized) struct AudioOutageTests {
    /// Waits until `condition` holds, checking every 50 ms.
    func eventually(within timeout: Duration, _ what: String, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while await !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    @Test func aReplyCutByALostSoundServerIsSettledThereAndNeverCutAgain() async throws {
        let daemon = try TestEnvironment.temporaryFolder()
        let script = TestEnvironment.root.appendingPathComponent("scripts/pulse-test-daemon").path
        #expect(try await TestEnvironment.run(script, ["start", daemon.path]).status == 0)
        defer { Task { _ = try? await TestEnvironment.run(script, ["stop", daemon.path]) } }
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker", server: "unix:\(daemon.path)/native"))
        try output.start()
        defer { output.stop() }

        var simulator = SimulatorConfiguration()
        simulator.voiceSynthesis = .tones
        let file = daemon.appendingPathComponent("scenario.json")
        try """
        {"name": "long", "turns": [
          {"reply": "This reply is long enough to be playing for several seconds when the sound server goes away, so that only its beginning is heard."},
          {"reply": "Short second reply."}
        ]}
        """.write(to: file, atomically: true, encoding: .utf8)
        simulator.scenario = try Scenario.load(contentsOf: file)
        let server = SimulatorServer(configuration: simulator)
        let base = try await server.start()
        defer { Task { await server.stop() } }
        let endpoint = Endpoint.custom(baseURL: base.absoluteString, model: "gpt-realtime", dialect: .ga, credential: nil)!
        let session = RealtimeSession(options: SessionOptions(endpoint: endpoint, config: SessionConfig(), playback: output))
        let collector = UpdateCollector(session)
        try await session.connect()

        try await session.sendText("Tell me something long")
        try await eventually(within: .seconds(20), "the reply to be heard for a second") {
            guard let item = await session.tracker.lastAudioItem else { return false }
            return (output.progress(of: item)?.heardMilliseconds ?? 0) > 1000
        }
        let item = try #require(await session.tracker.lastAudioItem)
        #expect(try await TestEnvironment.run(script, ["stop", daemon.path]).status == 0)
        try await collector.wait("the outage to be told") { _ in collector.notices.contains { $0.text.contains("sound server went away") } }
        let heard = try #require(output.progress(of: item)).heardMilliseconds
        let truncates = { collector.events.filter { $0.direction == .client && $0.type == "conversation.item.truncate" } }
        try await collector.wait("the item to be truncated at what was heard") { _ in !truncates().isEmpty }
        #expect(truncates().count == 1)
        #expect(truncates().first?.summary["audio_end_ms"]?.intValue == heard, "truncated at the \(heard) ms heard when the server went away")
        #expect(heard > 900 && heard < 8000)
        let entry = try #require(await session.conversation.entries.first { $0.id == item.itemID })
        #expect(entry.interrupted)
        #expect(await !session.isAssistantAudible, "nothing is playing any more")

        #expect(try await TestEnvironment.run(script, ["start", daemon.path]).status == 0)
        try await eventually(within: .seconds(15), "playback to come back") { output.state == .running }
        #expect(try await session.interrupt() == false, "a barge-in after the return has nothing to cut")
        try await session.sendText("And now?")
        try await collector.wait("the next reply") { _ in collector.events.filter { $0.type == "response.done" }.count >= 2 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(truncates().count == 1, "the old reply is never truncated again")
        await session.finish()
    }
}
