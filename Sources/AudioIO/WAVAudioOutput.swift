import Foundation
import RealtimeCore

/// An output that plays against the clock like ``NullAudioOutput`` and records what it played, with the
/// silence between items, to a 24 kHz mono WAV file.
///
/// The file is written beside its final name and moved into place when the output stops (see ``WAVWriter``).
public final class WAVAudioOutput: AudioOutput {
    /// The file the recording goes to.
    public let url: URL
    private let clock = ClockedPlayback()

    /// Creates a stopped output; the file is created by ``start()``.
    ///
    /// - Parameter url: where to write the recording (replaced if it exists).
    public init(url: URL) {
        self.url = url
    }

    /// Starts the clock and a new recording (a restart replaces the previous file).
    public func start() throws(AudioError) {
        try clock.start(recordingTo: url, name: "WAV output to \(url.lastPathComponent)")
    }

    /// Stops and completes the file; use ``finish()`` instead to learn whether writing it succeeded.
    public func stop() {
        try? finish()
    }

    /// Interrupts what is playing, stops the clock and moves the completed file into place.
    ///
    /// - Throws: ``AudioError`` when the file could not be written or renamed.
    public func finish() throws(AudioError) {
        try clock.stop()
    }

    public var volume: Double {
        get { clock.volume }
        set { clock.volume = newValue }
    }

    public var level: AudioLevel { clock.level }

    public var underrunCount: Int { clock.underrunCount }

    public var outputLatency: Duration { .zero }

    public var state: AudioStreamState { clock.isRunning ? .running : .stopped }

    public func enqueue(_ samples: [Int16], for item: PlaybackItem) {
        clock.enqueue(samples, for: item)
    }

    public func interrupt() async -> [PlaybackProgress] {
        clock.interrupt()
    }

    public func progress(of item: PlaybackItem) -> PlaybackProgress? {
        clock.progress(of: item)
    }
}
