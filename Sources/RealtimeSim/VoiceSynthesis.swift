/// How the simulator makes the audio of its replies.
public enum VoiceSynthesis: String, Sendable, Equatable, CaseIterable {
    /// Speech from espeak-ng when it is on the PATH, otherwise tones.
    case automatic
    /// Speech from espeak-ng; if it cannot be run, the simulator logs a warning and falls back to tones.
    case espeak
    /// A deterministic tone sequence, one tone per word.
    case tones
}
