import AudioIO
import Foundation
import RealtimeCore
import Testing

extension PulseAudioTests {
    @Suite("Echo cancellation")
    struct EchoCancellerTests {
        @Test("module-echo-cancel removes the echo of what the console plays (ERLE), and unloads again")
        func measuresEchoReduction() async throws {
            try PulseTestSupport.requireDaemon()
            // An echo path of its own: the canceller plays into rt_echo_out; a loopback carries what it plays
            // into rt_echo_room, whose monitor is the canceller's microphone (module-echo-cancel refuses a
            // sink's own monitor). The loopback's 30 ms stand in for the way from a speaker to a microphone.
            var modules: [String] = []
            for arguments in [
                ["module-null-sink", "sink_name=rt_echo_out"],
                ["module-null-sink", "sink_name=rt_echo_room"],
                [
                    "module-loopback", "source=rt_echo_out.monitor", "sink=rt_echo_room", "latency_msec=30", "source_dont_move=true",
                    "sink_dont_move=true",
                ],
            ] {
                modules.append(try await PulseTestSupport.run("pactl", ["load-module"] + arguments).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let speech = try await PulseTestSupport.speech(
                "The realtime console is speaking now, and the echo canceller should remove this voice from the microphone."
            )
            defer { try? FileManager.default.removeItem(at: speech.deletingLastPathComponent()) }
            let measurement: Result<(erle: Double, names: [String]), any Error>
            do {
                measurement = .success(try await measure(speech: speech))
            } catch {
                measurement = .failure(error)
            }
            for module in modules.reversed() {
                try await PulseTestSupport.run("pactl", ["unload-module", module])
            }
            let (erle, names) = try measurement.get()
            print("echo cancellation: ERLE \(String(format: "%.1f", erle)) dB over the last 3 s of speech")
            #expect(erle.isFinite && erle > 0)
            let remaining = try PulseDevices.list().map(\.name)
            #expect(names.allSatisfy { !remaining.contains($0) }, "the canceller's source and sink are gone after stop()")
        }

        /// Plays the speech twice through a canceller over the echo path and compares the echo before and after it.
        ///
        /// - Returns: the echo return loss enhancement in dB, and the canceller's device names.
        private func measure(speech: URL) async throws -> (erle: Double, names: [String]) {
            let canceller = try EchoCanceller(configuration: .init(sourceMaster: "rt_echo_room.monitor", sinkMaster: "rt_echo_out"))
            defer { canceller.stop() }
            let devices = try PulseDevices.list().map(\.name)
            #expect(devices.contains(canceller.sourceName) && devices.contains(canceller.sinkName))
            let echo = PulseAudioInput(configuration: .init(device: "rt_echo_room.monitor"))
            let cancelled = PulseAudioInput(configuration: .init(device: canceller.sourceName))
            let output = PulseAudioOutput(configuration: .init(device: canceller.sinkName))
            let echoFrames = FrameCollector(try echo.start())
            let cancelledFrames = FrameCollector(try cancelled.start())
            try output.start()
            let voice = try WAVAudio.read(contentsOf: speech).monoSamples()
            let item = PlaybackItem(itemID: "item_echo")
            output.enqueue(voice + voice, for: item)
            let length = Duration.milliseconds(PCM.milliseconds(forSamples: voice.count * 2))
            // A new canceller over fresh null sinks can take a second or more to carry sound: the passes are
            // timed from the moment the echo is first heard, not from the enqueue.
            let started = try await firstSound(in: echoFrames, within: .seconds(10))
            try await Task.sleep(until: started + length + .milliseconds(300))
            // Then only the near end speaks (straight into the room): the canceller must let that through.
            let nearEndStart = ContinuousClock.now
            try await PulseTestSupport.run("paplay", ["--device=rt_echo_room", speech.path])
            let nearEndEnd = ContinuousClock.now
            output.stop()
            echo.stop()
            cancelled.stop()
            await echoFrames.finished()
            await cancelledFrames.finished()
            // The canceller adapts during the first pass; judge it on the last 3 s of the second, up to the last
            // echo heard: the chain of a new canceller, null sinks and a loopback can lose audio as it starts, so
            // the echo can end before the playback's length has passed.
            let heardUntil = echoFrames.frames.last { $0.capturedAt <= started + length && Self.isLoud($0) }?.capturedAt ?? started + length
            let window = (heardUntil - .seconds(3))...heardUntil
            func dBFS(_ power: Double) -> String { String(format: "%.1f dBFS", 10 * log10(max(power, 1e-12))) }
            func power(_ frames: [CapturedFrame], in window: ClosedRange<ContinuousClock.Instant>) -> Double {
                TestSignals.power(frames.filter { window.contains($0.capturedAt) }.flatMap(\.samples))
            }
            let before = power(echoFrames.frames, in: window)
            let after = power(cancelledFrames.frames, in: window)
            let nearEnd = power(cancelledFrames.frames, in: nearEndStart...nearEndEnd)
            let framesInWindow = (
                echoFrames.frames.filter { window.contains($0.capturedAt) }.count,
                cancelledFrames.frames.filter { window.contains($0.capturedAt) }.count
            )
            print(
                "echo cancellation: echo \(dBFS(before)) before the canceller, \(dBFS(after)) after it (\(framesInWindow.0) and "
                    + "\(framesInWindow.1) frames in the window, which ends \((started + length) - heardUntil) before the playback's length); "
                    + "near-end speech alone \(dBFS(nearEnd)) after it"
            )
            #expect(10 * log10(nearEnd) > -45, "the canceller passes the near end's speech")
            return (10 * log10(before / max(after, 1e-12)), [canceller.sourceName, canceller.sinkName])
        }

        /// Whether a frame is louder than -50 dBFS: speech, not the null sinks' silence.
        private static func isLoud(_ frame: CapturedFrame) -> Bool {
            10 * log10(max(TestSignals.power(frame.samples), 1e-12)) > -50
        }

        /// When the first frame louder than -50 dBFS was captured.
        private func firstSound(in frames: FrameCollector, within limit: Duration) async throws -> ContinuousClock.Instant {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if let frame = frames.frames.first(where: Self.isLoud) {
                    return frame.capturedAt
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw PulseTestSupport.SetupError(description: "no echo reached rt_echo_room within \(limit) of the playback's start")
        }
    }
}
