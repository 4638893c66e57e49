import RealtimeCore

/// An output that plays nothing but keeps time: queued audio is "heard" at 24 000 samples per second
/// from ``start()``, with zero latency, so the session's barge-in and truncation work as with a speaker.
///
/// Use it for headless runs and tests (`--audio none`).
public final class NullAudioOutput: AudioOutput {
    private let clock = ClockedPlayback()

    /// Creates a stopped output.
    public init() {}

    public func start() throws(AudioError) {
        try clock.start(recordingTo: nil, name: "null output")
    }

    /// Interrupts what is playing (freezing every item's heard figure) and stops the clock.
    public func stop() {
        // Without a recording there is nothing that can fail.
        try? clock.stop()
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
