import AudioIO
import Foundation
import RealtimeCore
import Testing

@Suite("Outputs and inputs without a device")
struct ClockedAudioTests {
    /// A path named `name` in a new temporary folder (the caller removes the folder).
    static func temporaryFile(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name)
    }

    @Test("the null output hears audio at the speed of the clock")
    func nullOutputKeepsTime() async throws {
        let output = NullAudioOutput()
        let item = PlaybackItem(itemID: "item_null")
        try output.start()
        defer { output.stop() }
        let started = ContinuousClock.now
        output.enqueue(TestSignals.sine(frequency: 440, amplitude: 0.5, milliseconds: 20_000), for: item)
        try await Task.sleep(for: .milliseconds(300))
        let cut = await output.interrupt()
        let elapsed = ContinuousClock.now - started
        let heard = try #require(cut.first?.heardMilliseconds)
        #expect(cut.first?.receivedMilliseconds == 20_000)
        #expect(heard >= 300 && Duration.milliseconds(heard) <= elapsed)
        #expect(output.progress(of: item)?.heardMilliseconds == heard, "the heard figure is frozen")
        #expect(output.outputLatency == .zero)
    }

    @Test("the null output finishes an item and reports when it became audible")
    func nullOutputFinishes() throws {
        let output = NullAudioOutput()
        let item = PlaybackItem(itemID: "item_short")
        try output.start()
        defer { output.stop() }
        let enqueued = ContinuousClock.now
        output.enqueue(TestSignals.sine(frequency: 440, amplitude: 0.5, milliseconds: 100), for: item)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(abs(output.level.rmsDBFS - -9) < 0.5, "the meter shows the last 20 ms of the -6 dBFS tone")
        Thread.sleep(forTimeInterval: 0.15)
        let progress = try #require(output.progress(of: item))
        #expect(progress.isFinished)
        let audible = try #require(progress.firstAudibleAt)
        #expect(audible >= enqueued - .milliseconds(1) && audible < enqueued + .milliseconds(50))
        #expect(output.level == .silence)
    }

    @Test("the WAV output records what it played, with the silence around it, at the volume set")
    func wavOutputRecords() async throws {
        let url = try Self.temporaryFile("played.wav")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = WAVAudioOutput(url: url)
        output.volume = 0.5
        try output.start()
        output.enqueue(TestSignals.sine(frequency: 440, amplitude: 0.5, milliseconds: 200), for: PlaybackItem(itemID: "item_wav"))
        try await Task.sleep(for: .milliseconds(400))
        try await output.finish()
        let audio = try WAVAudio.read(contentsOf: url)
        #expect(audio.sampleRate == 24_000 && audio.channels == 1)
        #expect(audio.samples.count >= PCM.samples(forMilliseconds: 400))
        // The clock starts at start(); the tone begins when it was enqueued, a moment later.
        let onset = try #require(audio.samples.firstIndex { $0 != 0 }) - 1
        #expect(onset < PCM.samples(forMilliseconds: 20))
        let end = onset + PCM.samples(forMilliseconds: 200)
        #expect(abs(AudioLevel.measure(audio.samples[onset..<end]).peakDBFS - -12) < 0.2, "half of a -6 dBFS tone peaks at -12 dBFS")
        #expect(AudioLevel.measure(audio.samples[end...]) == .silence)
    }

    @Test("at the instant rate everything is heard as it is queued, and the WAV output holds the replies back to back")
    func instantRateHearsEverything() async throws {
        let url = try Self.temporaryFile("fast.wav")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = WAVAudioOutput(url: url, rate: .instant)
        try output.start()
        let first = PlaybackItem(itemID: "item_1")
        let second = PlaybackItem(itemID: "item_2")
        #expect(output.enqueue([Int16](repeating: 1, count: 24_000), for: first) == .zero)
        #expect(output.progress(of: first)?.heardMilliseconds == 1000)
        output.enqueue([Int16](repeating: 2, count: 12_000), for: second)
        #expect(!output.isPlaying)
        #expect(await output.interrupt().isEmpty, "nothing is left unheard")
        try await output.finish()
        let audio = try WAVAudio.read(contentsOf: url)
        #expect(audio.samples.count == 36_000, "no silence is written at the instant rate")
    }

    @Test("at real time a barge-in cuts each queued item at what was heard, oldest first")
    func realTimeRateTruncatesAtWhatWasHeard() async throws {
        let output = NullAudioOutput(rate: .realTime)
        try output.start()
        defer { output.stop() }
        let first = PlaybackItem(itemID: "item_1")
        let second = PlaybackItem(itemID: "item_2")
        let started = ContinuousClock.now
        output.enqueue([Int16](repeating: 1, count: 24_000 * 60), for: first)
        let wait = output.enqueue([Int16](repeating: 2, count: 24_000), for: second)
        #expect(wait >= .milliseconds(59_900), "the second item is heard after the first: \(wait)")
        try await Task.sleep(for: .milliseconds(300))
        let cuts = await output.interrupt()
        let elapsed = ContinuousClock.now - started
        #expect(cuts.map(\.item) == [first, second])
        let firstCut = try #require(cuts.first)
        #expect(firstCut.receivedMilliseconds == 60_000)
        #expect(firstCut.heardMilliseconds >= 290 && .milliseconds(firstCut.heardMilliseconds) <= elapsed + .milliseconds(5))
        #expect(cuts.last?.heardMilliseconds == 0)
        #expect(!output.isPlaying)
    }

    @Test("an accelerated rate hears its queue that many times faster")
    func acceleratedRate() async throws {
        let output = NullAudioOutput(rate: .accelerated(20))
        try output.start()
        defer { output.stop() }
        let item = PlaybackItem(itemID: "item_fast")
        output.enqueue([Int16](repeating: 1, count: 24_000 * 60), for: item)
        try await Task.sleep(for: .milliseconds(200))
        let heard = try #require(output.progress(of: item)?.heardMilliseconds)
        #expect(heard >= 4_000, "20 × 200 ms of real time is at least 4 s of audio, got \(heard) ms")
    }

    @Test("the WAV input streams 20 ms frames, then trailing silence, then finishes")
    func wavInputFrames() async throws {
        let speechLike = TestSignals.sine(frequency: 300, amplitude: 0.3, milliseconds: 1010)
        let input = WAVAudioInput(
            audio: WAVAudio(sampleRate: 24_000, channels: 1, samples: speechLike),
            pacing: .asFastAsConsumed,
            trailingSilence: .milliseconds(400)
        )
        var frames: [CapturedFrame] = []
        for await frame in try input.start() { frames.append(frame) }
        #expect(frames.count == 51 + 20)
        #expect(frames.allSatisfy { $0.samples.count == PCM.frameSamples })
        #expect(frames[1].speechLikely && frames[49].speechLikely)
        #expect(frames[50].samples[..<240].contains { $0 != 0 } && frames[50].samples[240...].allSatisfy { $0 == 0 })
        #expect(frames.last?.speechLikely == false, "the trailing silence outlasts the 300 ms hold")
        #expect(input.state == .stopped)
    }

    @Test("the WAV input paces frames in real time and yields silence while muted")
    func wavInputRealTimeAndMute() async throws {
        let input = WAVAudioInput(
            audio: WAVAudio(
                sampleRate: 48_000, channels: 2, samples: TestSignals.sine(frequency: 300, amplitude: 0.3, milliseconds: 400, rate: 96_000)),
            pacing: .realTime,
            trailingSilence: .zero
        )
        input.isMuted = true
        let started = ContinuousClock.now
        var frames: [CapturedFrame] = []
        for await frame in try input.start() { frames.append(frame) }
        #expect(frames.count == 20)
        #expect(ContinuousClock.now - started >= .milliseconds(390))
        #expect(frames.allSatisfy { $0.level == .silence })
    }

    @Test("a WAV input of a file rtconsole cannot read fails with the file's one-line message")
    func wavInputRefusesBadFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-\(UUID().uuidString).wav")
        try Data("not a wav".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: AudioError.self) { try WAVAudioInput(url: url) }
        #expect(error.code == .file)
        #expect(error.description.contains("is not a WAV file"))
    }
}
