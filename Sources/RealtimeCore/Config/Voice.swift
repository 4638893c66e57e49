/// The built-in Realtime voices and which dialect offers them.
public enum Voice {
    /// Voices of the beta models (`gpt-4o-realtime-preview*`).
    public static let beta = ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse"]
    /// Voices of the GA models (`gpt-realtime*`): the beta ones plus marin and cedar.
    public static let ga = beta + ["marin", "cedar"]

    /// GPT-Live's built-in voices.
    public static let live = [
        "alloy", "ash", "ballad", "beacon", "bossa", "cedar", "cinder", "coral", "delta", "echo", "gleam", "marin", "meridian", "quartz",
        "ripple", "sage", "shida", "shimmer", "stone", "tempo", "verse", "vesper", "willow",
    ]

    /// The voice a call in a dialect starts with when none is asked for.
    public static func defaultVoice(for dialect: Dialect) -> String { dialect == .ga ? "marin" : "alloy" }

    /// The voices a dialect offers.
    public static func all(for dialect: Dialect) -> [String] { dialect == .ga ? ga : beta }

    /// True when the dialect accepts this voice (GA also takes custom `voice_…` ids).
    public static func isValid(_ voice: String, for dialect: Dialect) -> Bool {
        all(for: dialect).contains(voice) || (dialect == .ga && voice.hasPrefix("voice_"))
    }
}
