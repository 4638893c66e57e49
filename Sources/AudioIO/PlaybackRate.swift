import RealtimeCore

/// How fast a player without a device hears its queue.
public enum PlaybackRate: Sendable, Equatable {
    /// 24 000 samples a second, as a listener would.
    case realTime
    /// This many times faster than real time (benchmarks that compress a long call).
    case accelerated(Double)
    /// Everything is heard the moment it is queued (headless `--fast`): no silence, no waiting.
    case instant

    /// Samples heard per second, or nil for ``instant``.
    var samplesPerSecond: Double? {
        switch self {
        case .realTime: Double(PCM.sampleRate)
        case .accelerated(let factor): Double(PCM.sampleRate) * factor
        case .instant: nil
        }
    }
}
