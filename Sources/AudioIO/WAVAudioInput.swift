import Foundation
import RealtimeCore
import Synchronization

/// A WAV file played as if it were a microphone, for headless runs and tests.
///
/// The file is read, mixed down to mono and resampled to 24 kHz when the input is created, then streamed
/// as 20 ms ``CapturedFrame``s (the last one padded with silence) followed by ``trailingSilence`` of
/// silence, so that a server VAD sees the speech end. Then the stream finishes and ``state`` becomes
/// ``AudioStreamState/stopped``.
public final class WAVAudioInput: AudioInput {
    /// How fast frames are delivered.
    public enum Pacing: Sendable, Equatable {
        /// One frame every 20 ms, like a real microphone.
        case realTime
        /// Each frame as soon as the consumer asks for it.
        case asFastAsConsumed
    }

    /// The file's audio as 24 kHz mono.
    public let samples: [Int16]
    /// How fast frames are delivered.
    public let pacing: Pacing
    /// Silence delivered after the file's audio.
    public let trailingSilence: Duration
    /// Thresholds of the local speech estimate.
    public let speechDetection: SpeechDetector.Configuration

    private struct State {
        var stream: AudioStreamState = .stopped
        /// Incremented by every start and stop, so that an old stream ends.
        var run = 0
    }

    /// The position of one stream in the audio.
    private struct Cursor {
        var frame = 0
        var detector: SpeechDetector
        var startedAt: ContinuousClock.Instant?
    }

    private let shared = Mutex(State())
    private let muted = Atomic<Bool>(false)

    /// Reads a WAV file to stream.
    ///
    /// - Parameters:
    ///   - url: the file (any format ``WAVAudio`` reads).
    ///   - pacing: real time (default) or as fast as consumed.
    ///   - trailingSilence: silence after the file's audio, 1 s by default.
    ///   - speechDetection: thresholds of the local speech estimate.
    /// - Throws: ``AudioError`` with the file's problem when it cannot be read.
    public convenience init(
        url: URL,
        pacing: Pacing = .realTime,
        trailingSilence: Duration = .seconds(1),
        speechDetection: SpeechDetector.Configuration = .init()
    ) throws(AudioError) {
        let audio: WAVAudio
        do {
            audio = try WAVAudio.read(contentsOf: url)
        } catch {
            throw AudioError.file(error)
        }
        self.init(audio: audio, pacing: pacing, trailingSilence: trailingSilence, speechDetection: speechDetection)
    }

    /// Streams audio already in memory.
    ///
    /// - Parameters:
    ///   - audio: the audio, at any rate and channel count.
    ///   - pacing: real time (default) or as fast as consumed.
    ///   - trailingSilence: silence after the audio, 1 s by default.
    ///   - speechDetection: thresholds of the local speech estimate.
    public init(
        audio: WAVAudio,
        pacing: Pacing = .realTime,
        trailingSilence: Duration = .seconds(1),
        speechDetection: SpeechDetector.Configuration = .init()
    ) {
        samples = audio.monoSamples(at: PCM.sampleRate)
        self.pacing = pacing
        self.trailingSilence = trailingSilence
        self.speechDetection = speechDetection
    }

    public var isMuted: Bool {
        get { muted.load(ordering: .relaxed) }
        set { muted.store(newValue, ordering: .relaxed) }
    }

    public var state: AudioStreamState { shared.withLock { $0.stream } }

    /// Starts streaming from the beginning of the audio.
    public func start() throws(AudioError) -> AsyncStream<CapturedFrame> {
        let run = try shared.withLock { state throws(AudioError) in
            guard state.stream == .stopped else { throw AudioError.alreadyStarted("WAV input") }
            state.stream = .running
            state.run += 1
            return state.run
        }
        let frameCount = (samples.count + PCM.frameSamples - 1) / PCM.frameSamples + trailingSilence.sampleCount / PCM.frameSamples
        let cursor = Mutex(Cursor(detector: SpeechDetector(configuration: speechDetection)))
        return AsyncStream { [self] in
            guard shared.withLock({ $0.run == run }) else { return nil }
            let (index, deadline) = cursor.withLock { cursor in
                let start = cursor.startedAt ?? .now
                cursor.startedAt = start
                defer { cursor.frame += 1 }
                return (cursor.frame, start + .milliseconds(PCM.frameMilliseconds * (cursor.frame + 1)))
            }
            guard index < frameCount else {
                shared.withLock { if $0.run == run { $0.stream = .stopped } }
                return nil
            }
            if pacing == .realTime {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return nil
                }
            }
            let frame = frame(at: index)
            return cursor.withLock { cursor in
                let level = AudioLevel.measure(frame)
                return CapturedFrame(samples: frame, level: level, speechLikely: cursor.detector.process(level), capturedAt: .now)
            }
        } onCancel: { [weak self] in
            self?.shared.withLock { if $0.run == run { $0.stream = .stopped } }
        }
    }

    public func stop() {
        shared.withLock { state in
            state.run += 1
            state.stream = .stopped
        }
    }

    /// Frame `index` of the audio followed by silence, or silence while muted.
    private func frame(at index: Int) -> [Int16] {
        var frame = [Int16](repeating: 0, count: PCM.frameSamples)
        let start = index * PCM.frameSamples
        guard !isMuted, start < samples.count else { return frame }
        let end = min(samples.count, start + PCM.frameSamples)
        frame.replaceSubrange(0..<end - start, with: samples[start..<end])
        return frame
    }
}
