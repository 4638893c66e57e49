/// The formats a transcript can be exported in.
public enum TranscriptFormat: String, Sendable, CaseIterable {
    case json, md, txt, srt, vtt

    /// Guesses the format from a file name's extension.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "json": self = .json
        case "md", "markdown": self = .md
        case "txt", "text": self = .txt
        case "srt": self = .srt
        case "vtt", "webvtt": self = .vtt
        default: return nil
        }
    }
}
