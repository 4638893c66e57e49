/// What the model answers with. GA allows exactly one; beta pairs audio with text.
public enum OutputModality: String, Sendable, Equatable, CaseIterable {
    /// Spoken replies (with a transcript).
    case audio
    /// Text replies only.
    case text

    /// The wire list for a dialect.
    public func wireList(_ dialect: Dialect) -> [String] {
        switch (self, dialect) {
        case (.audio, .ga): ["audio"]
        case (.audio, .beta): ["audio", "text"]
        case (.text, _): ["text"]
        }
    }

    /// Reads a wire list (`["audio"]`, `["audio","text"]`, `["text"]`).
    public init(wireList: [String]) {
        self = wireList.contains("audio") ? .audio : .text
    }
}
