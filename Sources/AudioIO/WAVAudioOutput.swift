import Foundation
import RealtimeCore

/// An output that plays against the clock like ``NullAudioOutput`` and records what it played to a
/// 24 kHz mono WAV file: at a real-time rate with the silence between items, at the instant rate the
/// replies back to back.
///
/// The file is written on a ``FileWorker`` beside its final name and moved into place by ``finish()``
/// (see ``WAVRecording``).
public final class WAVAudioOutput: AudioOutput {
    /// The file the recording goes to.
    public let url: URL
    private let clock: ClockedPlayback
    private let worker = FileWorker(name: "output.wav")

    /// Creates a stopped output; the file is created by ``start()``.
    ///
    /// - Parameters:
    ///   - url: where to write the recording (replaced if it exists).
    ///   - rate: how fast the queue is heard.
    public init(url: URL, rate: PlaybackRate = .realTime) {
        self.url = url
        clock = ClockedPlayback(rate: rate)
    }

    /// Starts the clock and a new recording.
    ///
    /// - Throws: ``AudioError`` when the file cannot be created or the output already runs.
    public func start() throws(AudioError) {
        let recording: WAVRecording
        do throws(WAVError) {
            recording = try WAVRecording(url: url, worker: worker)
        } catch {
            throw AudioError.file(error)
        }
        try clock.start(recordingTo: recording, name: "WAV output to \(url.lastPathComponent)")
    }

    /// Stops the clock and completes the file in the background; use ``finish()`` instead to learn
    /// whether writing it succeeded.
    public func stop() {
        guard let recording = clock.stop() else { return }
        Task { try? await recording.finish() }
    }

    /// Interrupts what is playing, stops the clock and moves the completed file into place.
    ///
    /// - Throws: ``AudioError`` when the file could not be written or renamed.
    public func finish() async throws(AudioError) {
        do throws(WAVError) {
            try await clock.stop()?.finish()
        } catch {
            throw AudioError.file(error)
        }
    }

    public var volume: Double {
        get { clock.volume }
        set { clock.volume = newValue }
    }

    public var level: AudioLevel { clock.level }

    public var underrunCount: Int { clock.underrunCount }

    public var outputLatency: Duration { .zero }

    public var state: AudioStreamState { clock.isRunning ? .running : .stopped }

    /// True while queued audio has not all been heard.
    public var isPlaying: Bool { clock.isPlaying }

    @discardableResult
    public func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        clock.enqueue(samples, for: item)
    }

    public func interrupt() async -> [PlaybackProgress] {
        clock.interrupt()
    }

    public func progress(of item: PlaybackItem) -> PlaybackProgress? {
        clock.progress(of: item)
    }
}
