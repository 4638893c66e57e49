import RealtimeCore

/// Microphone audio ready to send to the Realtime API: one 20 ms frame, or several gathered while the
/// microphone was quiet (see ``PulseAudioInput/pacing``).
public struct CapturedFrame: Sendable {
    /// 24 kHz mono PCM16, a multiple of 480 samples (20 ms); zeros while the input is muted.
    public var samples: [Int16]
    /// The level of ``samples``.
    public var level: AudioLevel
    /// The local energy detector's estimate that someone is speaking (see ``SpeechDetector``).
    public var speechLikely: Bool
    /// When the frame was delivered by the capture device (about 20 ms after the last frame's first sample was spoken).
    public var capturedAt: ContinuousClock.Instant

    /// Creates a frame.
    ///
    /// - Parameters:
    ///   - samples: the frame's samples.
    ///   - level: their level.
    ///   - speechLikely: whether the local detector thinks this is speech.
    ///   - capturedAt: when the frame was captured.
    public init(samples: [Int16], level: AudioLevel, speechLikely: Bool, capturedAt: ContinuousClock.Instant) {
        self.samples = samples
        self.level = level
        self.speechLikely = speechLikely
        self.capturedAt = capturedAt
    }
}
