import AudioIO
import Foundation
import RealtimeCore
import Testing

/// Integration tests against the PulseAudio test daemon (see ``PulseTestSupport``). They run one at a
/// time because they share the daemon's sinks.
@Suite("PulseAudio capture and playback", .serialized)
struct PulseAudioTests {
    @Test("espeak speech played into rt_mic is captured from rt_mic.monitor at speech level, after silence")
    func capturesSpeech() async throws {
        try PulseTestSupport.requireDaemon()
        let speech = try await PulseTestSupport.speech("Hello. This is the realtime console listening to its microphone.")
        defer { try? FileManager.default.removeItem(at: speech.deletingLastPathComponent()) }
        let input = PulseAudioInput(configuration: .init(device: "rt_mic.monitor"))
        let collector = FrameCollector(try input.start())
        #expect(input.state == .running)
        try await Task.sleep(for: .milliseconds(800))
        let silentFrames = collector.frames.count
        try await PulseTestSupport.run("paplay", ["--device=rt_mic", speech.path])
        try await Task.sleep(for: .milliseconds(300))
        input.stop()
        await collector.finished()
        let frames = collector.frames
        #expect(input.state == .stopped)
        #expect(frames.allSatisfy { $0.samples.count == PCM.frameSamples })
        let silence = frames[..<silentFrames].map(\.level.rmsDBFS).max() ?? 0
        let loudest = frames[silentFrames...].map(\.level.rmsDBFS).max() ?? -100
        let speechFrames = frames[silentFrames...].filter { $0.level.rmsDBFS > -45 }.count
        print(
            "capture: \(silentFrames) frames of silence peaking at \(silence) dBFS, speech peaking at \(loudest) dBFS, \(speechFrames) frames above -45 dBFS"
        )
        #expect(silentFrames >= 20)
        #expect(silence < -45)
        #expect(loudest > -45)
        #expect(speechFrames >= 50, "at least a second of the phrase is at speech level")
        #expect(frames[silentFrames...].contains { $0.speechLikely })
        #expect(!frames[..<silentFrames].contains { $0.speechLikely })
    }

    @Test("capture and playback run on threads named for what they do, as top -H and perf show them")
    func namesAudioThreads() async throws {
        try PulseTestSupport.requireDaemon()
        let input = PulseAudioInput(configuration: .init(device: "rt_mic.monitor"))
        let collector = FrameCollector(try input.start())
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker"))
        try output.start()
        let names = Set(
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap {
                try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
            })
        output.stop()
        input.stop()
        await collector.finished()
        #expect(names.isSuperset(of: ["audio.capture", "pulse.capture", "audio.playback", "pulse.playback"]), "threads: \(names.sorted())")
    }

    @Test(
        "a quiet microphone comes in 200 ms chunks when idle and 100 ms chunks while listening; speech and real-time pacing bring 20 ms frames back at once, with nothing lost"
    )
    func gathersQuietMicrophone() async throws {
        try PulseTestSupport.requireDaemon()
        let speech = try await PulseTestSupport.speech("Now the microphone is speaking again.")
        defer { try? FileManager.default.removeItem(at: speech.deletingLastPathComponent()) }
        let input = PulseAudioInput(
            configuration: .init(
                device: "rt_mic.monitor", quietAfter: .milliseconds(400),
                quietChunk: .milliseconds(200), listeningChunk: .milliseconds(100)))
        input.pacing = .idle
        let started = ContinuousClock.now
        let collector = FrameCollector(try input.start())
        try await Task.sleep(for: .milliseconds(1500))
        let quietFrames = collector.frames.count
        try await PulseTestSupport.run("paplay", ["--device=rt_mic", speech.path])
        input.pacing = .listening
        try await Task.sleep(for: .milliseconds(1500))
        let listeningEnd = collector.frames.count
        input.pacing = .realTime
        try await Task.sleep(for: .milliseconds(1000))
        let lastFrames = collector.frames.count
        try await Task.sleep(for: .milliseconds(400))
        input.stop()
        let elapsed = ContinuousClock.now - started
        await collector.finished()
        let frames = collector.frames
        let idleChunk = PCM.samples(forMilliseconds: 200)
        let listeningChunk = PCM.samples(forMilliseconds: 100)
        #expect(frames.allSatisfy { $0.samples.count.isMultiple(of: PCM.frameSamples) && !$0.samples.isEmpty })
        let quiet = frames[..<quietFrames]
        #expect(
            quiet.filter { $0.samples.count == idleChunk }.count >= 3,
            "a second of quiet after 0.4 s arrives as 200 ms chunks: \(quiet.map(\.samples.count))")
        #expect(quiet.prefix(10).allSatisfy { $0.samples.count == PCM.frameSamples }, "the first 0.4 s comes frame by frame")
        guard let onset = frames.firstIndex(where: \.speechLikely) else {
            Issue.record("the speech was not detected")
            return
        }
        #expect(onset >= quietFrames)
        let spoken = frames[(onset + 1)...].prefix { $0.speechLikely }
        #expect(spoken.count >= 25, "at least half a second of speech follows the onset")
        #expect(spoken.allSatisfy { $0.samples.count == PCM.frameSamples }, "speech goes out frame by frame")
        let listening = frames[(onset + 1 + spoken.count)..<listeningEnd]
        #expect(
            listening.filter { $0.samples.count == listeningChunk }.count >= 3,
            "quiet while listening arrives as 100 ms chunks: \(listening.map(\.samples.count))")
        #expect(!listening.contains { $0.samples.count == idleChunk })
        #expect(frames[lastFrames...].allSatisfy { $0.samples.count == PCM.frameSamples }, "frames are 20 ms again under real-time pacing")
        let captured = Duration.milliseconds(PCM.milliseconds(forSamples: frames.reduce(0) { $0 + $1.samples.count }))
        print("quiet capture: \(quietFrames) deliveries in 1.5 s, \(captured) captured in \(elapsed)")
        #expect(captured > elapsed - .milliseconds(500) && captured <= elapsed, "every sample arrives, whatever the chunking")
    }

    @Test("what PulseAudioOutput plays into rt_speaker arrives on rt_speaker.monitor unchanged")
    func playbackMatchesMonitor() async throws {
        try PulseTestSupport.requireDaemon()
        let monitor = PulseAudioInput(configuration: .init(device: "rt_speaker.monitor"))
        let collector = FrameCollector(try monitor.start())
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker"))
        try output.start()
        let item = PlaybackItem(itemID: "item_noise")
        let signal = TestSignals.bandLimitedNoise(milliseconds: 800, amplitude: 0.3)
        try await Task.sleep(for: .milliseconds(200))
        output.enqueue(signal, for: item)
        try await Task.sleep(for: .milliseconds(400))
        let level = output.level
        try await Task.sleep(for: .milliseconds(900))
        let progress = try #require(output.progress(of: item))
        output.stop()
        monitor.stop()
        await collector.finished()
        #expect(progress.receivedMilliseconds == 800 && progress.isFinished)
        #expect(abs(level.rmsDBFS - AudioLevel.measure(signal).rmsDBFS) < 3, "the meter shows the noise while it plays")
        #expect(output.level == .silence, "a stopped output is silent")
        let recording = collector.samples
        let onset = try #require(TestSignals.loudMilliseconds(recording, thresholdDBFS: -40).first) * PCM.samplesPerMillisecond
        let peak = TestSignals.correlationPeak(reference: signal, in: recording, lags: (onset - 480)...(onset + 480))
        print("playback: normalised cross-correlation peak \(peak.value) at lag \(peak.lag) samples; latency \(output.outputLatency)")
        #expect(peak.value > 0.8)
    }

    @Test("interrupt() stops the sound within a frame plus the latency and reports heard ms within ±20 ms of the monitor")
    func interruptIsPromptAndExact() async throws {
        try PulseTestSupport.requireDaemon()
        let monitor = PulseAudioInput(configuration: .init(device: "rt_speaker.monitor"))
        let collector = FrameCollector(try monitor.start())
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker"))
        try output.start()
        let item = PlaybackItem(itemID: "item_tone")
        try await Task.sleep(for: .milliseconds(200))
        output.enqueue(TestSignals.sine(frequency: 1000, amplitude: 0.5, milliseconds: 3000), for: item)
        try await Task.sleep(for: .milliseconds(700))
        let latency = output.outputLatency
        let before = try #require(output.progress(of: item))
        let calledAt = ContinuousClock.now
        let cut = await output.interrupt()
        try await Task.sleep(for: .milliseconds(600))
        output.stop()
        monitor.stop()
        await collector.finished()

        let reported = try #require(cut.first)
        #expect(cut.count == 1 && reported.item == item && reported.receivedMilliseconds == 3000)
        let loud = TestSignals.loudMilliseconds(collector.samples, thresholdDBFS: -30)
        let first = try #require(loud.first)
        let last = try #require(loud.last)
        let truth = loud.count
        #expect(last - first + 1 - truth <= 2, "the tone arrives in one piece")
        let residue = truth - before.heardMilliseconds
        // The same from the clock: when the monitor delivered the tone's last sample (an upper bound on
        // when it was heard, since delivery follows capture) against when interrupt() was called.
        let frames = collector.frames
        let lastLoudSample = (last + 1) * PCM.samplesPerMillisecond
        let frame = frames[lastLoudSample / PCM.frameSamples]
        let endedAt = frame.capturedAt - .microseconds((PCM.frameSamples - lastLoudSample % PCM.frameSamples) * 1000 / PCM.samplesPerMillisecond)
        print("interrupt: by the clock, the tone ended \(endedAt - calledAt) after interrupt() was called")
        #expect(endedAt - calledAt < .milliseconds(PCM.frameMilliseconds) + latency)
        print(
            "interrupt: reported heard \(reported.heardMilliseconds) ms, monitor carried \(truth) ms; heard before the call \(before.heardMilliseconds) ms, so \(residue) ms followed it; latency \(latency)"
        )
        #expect(abs(reported.heardMilliseconds - truth) <= 20)
        #expect(Duration.milliseconds(residue) < .milliseconds(PCM.frameMilliseconds) + latency)
        #expect(output.progress(of: item)?.heardMilliseconds == reported.heardMilliseconds)
    }

    @Test("the device list shows the test sinks, their monitors and the defaults")
    func listsDevices() throws {
        try PulseTestSupport.requireDaemon()
        let devices = try PulseDevices.list()
        let speaker = try #require(devices.first { $0.name == "rt_speaker" })
        #expect(!speaker.isInput && speaker.isDefault && !speaker.isMonitor)
        let microphone = try #require(devices.first { $0.name == "rt_mic.monitor" })
        #expect(microphone.isInput && microphone.isDefault && microphone.isMonitor)
        #expect(devices.contains { $0.name == "rt_mic" && !$0.isInput && !$0.isDefault })
        #expect(devices.contains { $0.name == "rt_speaker.monitor" && $0.isInput && !$0.isDefault })
    }

    @Test("a device name that does not exist fails with one line listing the names that do")
    func unknownDevice() throws {
        try PulseTestSupport.requireDaemon()
        let input = try #require(throws: AudioError.self) { _ = try PulseAudioInput(configuration: .init(device: "no_such_mic")).start() }
        #expect(input.code == .noSuchDevice)
        #expect(input.description.hasPrefix("there is no PulseAudio input device named 'no_such_mic'; choose one of: "))
        #expect(input.description.contains("rt_mic.monitor") && !input.description.contains("\n"))
        let output = try #require(throws: AudioError.self) { try PulseAudioOutput(configuration: .init(device: "no_such_speaker")).start() }
        #expect(output.code == .noSuchDevice)
        #expect(output.description.contains("rt_speaker") && !output.description.contains("rt_speaker.monitor"))
        let canceller = try #require(throws: AudioError.self) { _ = try EchoCanceller(configuration: .init(sourceMaster: "no_such_mic")) }
        #expect(canceller.code == .noSuchDevice && canceller.description.contains("rt_mic.monitor"))
    }

    @Test("starting twice is refused; stopping twice is harmless")
    func lifecycle() throws {
        try PulseTestSupport.requireDaemon()
        let output = PulseAudioOutput()
        try output.start()
        #expect(throws: AudioError.self) { try output.start() }
        output.stop()
        output.stop()
        #expect(output.state == .stopped)
        try output.start()
        #expect(output.state == .running)
        output.stop()
    }
}
