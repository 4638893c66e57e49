import Foundation
import RealtimeCore

/// The microphone and speaker meters: levels rounded to what the screen can show, the peak hold, and
/// the local speech estimate, and since when the microphone has been quiet (for the end-of-turn countdown).
public struct MeterState: Sendable, Equatable {
    /// Below this RMS level the microphone counts as quiet for the end-of-turn countdown.
    public static let quietDBFS = -50.0
    /// The bottom of the meters' scale.
    public static let floorDBFS = -60.0
    /// How long the peak mark stays before it falls back to the level.
    public static let peakHold: TimeInterval = 1.5

    /// The microphone's RMS level (dBFS, rounded to 0.5 dB), nil before the first frame.
    public private(set) var inputDBFS: Double?
    /// The highest recent microphone peak (dBFS, rounded to 0.5 dB).
    public private(set) var inputPeakDBFS = MeterState.floorDBFS
    private var inputPeakAt = Date.distantPast
    /// The local energy detector thinks someone is speaking.
    public private(set) var localSpeech = false
    /// Since when the microphone has stayed below `quietDBFS`, nil while it is louder.
    public private(set) var quietSince: Date?
    /// The speaker's RMS level (dBFS, rounded to 0.5 dB), nil when nothing plays.
    public private(set) var outputDBFS: Double?

    /// Creates meters with no readings.
    public init() {}

    /// A microphone frame.
    ///
    /// - Returns: true when what the meters show changed.
    public mutating func microphone(_ level: AudioLevel, speechLikely: Bool, now: Date) -> Bool {
        let before = self
        inputDBFS = Self.rounded(level.rmsDBFS)
        let peak = Self.rounded(level.peakDBFS)
        if peak > inputPeakDBFS || (peak < inputPeakDBFS && now.timeIntervalSince(inputPeakAt) > Self.peakHold) {
            inputPeakDBFS = peak
        }
        if peak == inputPeakDBFS, peak > Self.floorDBFS { inputPeakAt = now }
        if level.rmsDBFS < Self.quietDBFS {
            quietSince = quietSince ?? now
        } else {
            quietSince = nil
        }
        localSpeech = speechLikely
        return !shows(sameAs: before)
    }

    /// True when `other` looks the same on screen (the peak's time stamp is not shown).
    private func shows(sameAs other: MeterState) -> Bool {
        inputDBFS == other.inputDBFS && inputPeakDBFS == other.inputPeakDBFS && localSpeech == other.localSpeech
            && (quietSince == nil) == (other.quietSince == nil) && outputDBFS == other.outputDBFS
    }

    /// A level of the audio leaving the speaker.
    ///
    /// - Returns: true when what the meters show changed.
    public mutating func speaker(_ level: AudioLevel) -> Bool {
        let before = outputDBFS
        outputDBFS = Self.rounded(level.rmsDBFS)
        return outputDBFS != before
    }

    /// True while the speaker plays something audible.
    public var outputAudible: Bool { (outputDBFS ?? Self.floorDBFS) > -50 }

    /// The fill of a meter for a level: 0…1 over the scale from `floorDBFS` to 0 dBFS.
    public static func fraction(_ dbfs: Double) -> Double {
        min(1, max(0, (dbfs - floorDBFS) / -floorDBFS))
    }

    private static func rounded(_ dbfs: Double) -> Double {
        (max(floorDBFS, min(0, dbfs)) * 2).rounded() / 2
    }
}
