import AudioIO
import Foundation
import RealtimeCore
import Synchronization
import Testing

extension PulseAudioTests {
    @Suite("Losing the sound server during a call")
    struct PulseRecoveryTests {
        /// Waits until `condition` holds, checking every 50 ms, for at most `timeout`.
        private func eventually(within timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition()
        }

        @Test("capture and playback report .reconnecting when their daemon dies and resume when it is back")
        func recoversFromDaemonRestart() async throws {
            // A daemon of this test's own, so that stopping it disturbs no other test.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-pulse-\(UUID().uuidString)")
            let script = PulseTestSupport.packageRoot.appendingPathComponent("scripts/pulse-test-daemon").path
            try await PulseTestSupport.run(script, ["start", directory.path])
            do {
                try await exercise(
                    server: "unix:\(directory.path)/native",
                    restart: {
                        try await PulseTestSupport.run(script, ["stop", directory.path])
                        return { try await PulseTestSupport.run(script, ["start", directory.path]) }
                    })
            } catch {
                _ = try? await PulseTestSupport.run(script, ["stop", directory.path])
                throw error
            }
            try await PulseTestSupport.run(script, ["stop", directory.path])
            try? FileManager.default.removeItem(at: directory)
        }

        /// Plays and captures on `server`, kills the daemon with `restart` (which returns how to bring it back), and checks recovery.
        private func exercise(server: String, restart: () async throws -> () async throws -> Void) async throws {
            let output = PulseAudioOutput(configuration: .init(device: "rt_speaker", server: server))
            let input = PulseAudioInput(configuration: .init(device: "rt_speaker.monitor", server: server))
            let lost = Mutex<[[PlaybackProgress]]>([])
            output.onAudioLost { progress in lost.withLock { $0.append(progress) } }
            try output.start()
            let collector = FrameCollector(try input.start())
            defer {
                output.stop()
                input.stop()
            }
            let before = PlaybackItem(itemID: "item_before")
            output.enqueue(TestSignals.sine(frequency: 1000, amplitude: 0.5, milliseconds: 2000), for: before)
            try await Task.sleep(for: .milliseconds(400))

            let startAgain = try await restart()
            #expect(try await eventually(within: .seconds(5)) { output.state != .running && input.state != .running })
            guard case .reconnecting(let outputError) = output.state, case .reconnecting(let inputError) = input.state else {
                Issue.record("expected both streams to be reconnecting, got \(output.state) and \(input.state)")
                return
            }
            print("while the daemon is away: output says \(outputError); input says \(inputError)")
            #expect([.disconnected, .serverUnreachable].contains(outputError.code) && outputError.description.contains(server))
            let heardAtLoss = try #require(output.progress(of: before)).heardMilliseconds
            #expect(heardAtLoss > 0 && heardAtLoss < 2000, "the item was cut by the loss")
            #expect(lost.withLock { $0 }.map { $0.map(\.item) } == [[before]], "the loss is told once, with the item it cut")
            #expect(lost.withLock { $0 }.first?.first?.heardMilliseconds == heardAtLoss)
            #expect(output.progress(of: before)?.heardMilliseconds == heardAtLoss, "nothing is heard while the server is away")

            try await startAgain()
            #expect(try await eventually(within: .seconds(15)) { output.state == .running && input.state == .running })
            let framesAtReturn = collector.frames.count
            let after = PlaybackItem(itemID: "item_after")
            output.enqueue(TestSignals.sine(frequency: 1000, amplitude: 0.5, milliseconds: 300), for: after)
            #expect(try await eventually(within: .seconds(3)) { output.progress(of: after)?.isFinished == true })
            try await Task.sleep(for: .milliseconds(200))
            let resumed = collector.frames[framesAtReturn...]
            #expect(resumed.contains { $0.level.rmsDBFS > -20 }, "the tone played after the return is captured after the return")
            let cut = await output.interrupt()
            #expect(cut.isEmpty, "the item the loss settled is not cut again by a later interrupt")
            #expect(output.progress(of: before)?.heardMilliseconds == heardAtLoss)
            #expect(lost.withLock { $0.count } == 1)
        }
    }
}
