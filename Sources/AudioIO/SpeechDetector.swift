import RealtimeCore

/// A local, energy-based estimate of whether someone is speaking, with hysteresis.
///
/// It only drives the console's meters and hints; the server's VAD decides turns. The rules, per 20 ms frame:
/// - silent → speaking once the RMS level has been at or above ``Configuration/onsetDBFS`` for
///   ``Configuration/onsetFrames`` consecutive frames (so a click does not count);
/// - speaking → silent once the RMS level has stayed below ``Configuration/offsetDBFS`` for
///   ``Configuration/holdFrames`` consecutive frames (the hold time bridges pauses between words).
///   Any frame at or above the offset threshold restarts the hold time.
///
/// The gap between the two thresholds keeps the estimate from flickering around one level.
public struct SpeechDetector: Sendable, Equatable {
    /// Thresholds and times of a ``SpeechDetector``.
    public struct Configuration: Sendable, Equatable {
        /// RMS level that starts speech: −40 dBFS by default (quiet speech at a laptop microphone).
        public var onsetDBFS: Double
        /// RMS level below which speech may end: −50 dBFS by default (above a typical room's noise floor).
        public var offsetDBFS: Double
        /// Consecutive loud frames needed to start speech: 2 (40 ms) by default.
        public var onsetFrames: Int
        /// Consecutive quiet frames needed to end speech: 15 (300 ms) by default.
        public var holdFrames: Int

        /// Creates a configuration; the defaults suit speech captured at 24 kHz.
        ///
        /// - Parameters:
        ///   - onsetDBFS: the level that starts speech.
        ///   - offsetDBFS: the level below which speech may end (at most `onsetDBFS`).
        ///   - onsetFrames: consecutive frames at or above `onsetDBFS` to start speech (at least 1).
        ///   - holdFrames: consecutive frames below `offsetDBFS` to end speech (at least 1).
        public init(onsetDBFS: Double = -40, offsetDBFS: Double = -50, onsetFrames: Int = 2, holdFrames: Int = 15) {
            self.onsetDBFS = onsetDBFS
            self.offsetDBFS = min(offsetDBFS, onsetDBFS)
            self.onsetFrames = max(1, onsetFrames)
            self.holdFrames = max(1, holdFrames)
        }
    }

    /// The thresholds in use.
    public let configuration: Configuration
    /// The current estimate.
    public private(set) var isSpeech = false
    private var run = 0

    /// Creates a detector that starts in the silent state.
    ///
    /// - Parameter configuration: thresholds and times.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Feeds the level of the next 20 ms frame.
    ///
    /// - Parameter level: the frame's level.
    /// - Returns: the estimate after this frame.
    public mutating func process(_ level: AudioLevel) -> Bool {
        if isSpeech {
            run = level.rmsDBFS < configuration.offsetDBFS ? run + 1 : 0
            if run >= configuration.holdFrames {
                isSpeech = false
                run = 0
            }
        } else {
            run = level.rmsDBFS >= configuration.onsetDBFS ? run + 1 : 0
            if run >= configuration.onsetFrames {
                isSpeech = true
                run = 0
            }
        }
        return isSpeech
    }
}
