extension Duration {
    /// The time `samples` samples last at 24 kHz.
    public static func samples(_ samples: Int) -> Duration {
        .nanoseconds(Int64(samples) * 1_000_000_000 / Int64(PCM.sampleRate))
    }

    /// The number of 24 kHz samples that fit in this duration, rounded down (negative durations give negative counts).
    public var sampleCount: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * PCM.sampleRate + Int(attoseconds / (1_000_000_000_000_000_000 / Int64(PCM.sampleRate)))
    }
}
