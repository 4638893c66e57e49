/// How the server shortens a conversation that outgrows the model's context (`session.truncation`).
public enum Truncation: Sendable, Equatable {
    /// The server decides (the default).
    case auto
    /// Never truncate: the server answers with an error instead.
    case disabled
    /// Drop the oldest messages until this share (0…1) of the allowed budget after the instructions is
    /// used, optionally with that budget in tokens: fewer, larger truncations, and better caching.
    case retentionRatio(Double, postInstructionsTokens: Int?)

    /// The wire JSON.
    public var json: JSONValue {
        switch self {
        case .auto: return "auto"
        case .disabled: return "disabled"
        case .retentionRatio(let ratio, let tokens):
            var o: JSONObject = ["type": "retention_ratio", "retention_ratio": .number(ratio)]
            if let tokens { o["token_limits"] = ["post_instructions": .int(tokens)] }
            return .object(o)
        }
    }

    /// Reads a truncation setting; nil for a shape it does not know.
    public init?(json: JSONValue) {
        if let mode = json.stringValue {
            switch mode {
            case "auto": self = .auto
            case "disabled": self = .disabled
            default: return nil
            }
            return
        }
        guard json["type"]?.stringValue == "retention_ratio", let ratio = json["retention_ratio"]?.doubleValue else { return nil }
        self = .retentionRatio(ratio, postInstructionsTokens: json["token_limits"]?["post_instructions"]?.intValue)
    }

    /// Reads `auto`, `disabled`, `RATIO` or `RATIO:TOKENS` (a flag's or a config file's value).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "disabled": self = .disabled
        default:
            let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let ratio = Double(parts[0]) else { return nil }
            guard parts.count == 2 else {
                self = .retentionRatio(ratio, postInstructionsTokens: nil)
                return
            }
            guard let tokens = Int(parts[1]) else { return nil }
            self = .retentionRatio(ratio, postInstructionsTokens: tokens)
        }
    }

    /// How the panel and the record show it.
    public var description: String {
        switch self {
        case .auto: "auto"
        case .disabled: "disabled"
        case .retentionRatio(let ratio, let tokens): "keep \(Int((ratio * 100).rounded())) %" + (tokens.map { " of \($0) tokens" } ?? "")
        }
    }
}
