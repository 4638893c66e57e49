import RealtimeCore

/// An output that plays nothing but keeps time: queued audio is "heard" at its ``PlaybackRate`` from
/// ``start()``, with zero latency, so the session's barge-in and truncation work as with a speaker.
///
/// Headless calls without `--output` play into it, and benchmarks compress a long call with an
/// accelerated rate.
public final class NullAudioOutput: AudioOutput {
    private let clock: ClockedPlayback

    /// Creates a stopped output that hears its queue at `rate`.
    public init(rate: PlaybackRate = .realTime) {
        clock = ClockedPlayback(rate: rate)
    }

    public func start() throws(AudioError) {
        try clock.start(recordingTo: nil, name: "null output")
    }

    /// Interrupts what is playing (freezing every item's heard figure) and stops the clock.
    public func stop() {
        clock.stop()
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
