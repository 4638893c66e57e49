import Synchronization

/// Scrubs secrets from text before it reaches the screen, a log, an export or an error message.
///
/// It removes the values it was told about (the session's keys) and anything shaped like a key or a
/// bearer token (`sk-…`, `ek_…`, `Bearer …`, `api-key: …`).
public final class SecretRedactor: Sendable {
    /// The process-wide redactor: every sink of text in rtconsole runs through it.
    public static let shared = SecretRedactor()

    private let secrets = Mutex<Set<String>>([])

    /// Creates a redactor that knows no secrets yet (patterns are always redacted).
    public init() {}

    /// The key prefixes a mask keeps, longest first.
    static let keyPrefixes = ["sk-proj-", "sk-svcacct-", "sk-", "ek_"]

    /// Registers a secret value to be removed wherever it appears, with or without its key prefix (a
    /// server may echo only the part after `sk-proj-`).
    public func register(_ secret: String) {
        guard secret.count >= 6 else { return }
        secrets.withLock { known in
            known.insert(secret)
            if let prefix = Self.keyPrefixes.first(where: { secret.hasPrefix($0) }), secret.count - prefix.count >= 8 {
                known.insert(String(secret.dropFirst(prefix.count)))
            }
        }
    }

    /// Returns the text with every known secret and key-shaped token replaced.
    public func redact(_ text: String) -> String {
        var result = text
        // Longest first, so that a whole key is masked before the body it contains.
        for secret in secrets.withLock({ $0 }).sorted(by: { $0.count > $1.count }) {
            result = UTF8Rewrite.replacingOccurrences(of: secret, with: Self.mask(secret), in: result) ?? result
        }
        return Self.redactPatterns(result)
    }

    /// What a mask says in place of a secret.
    static let maskMark = "…(redacted)"

    /// Masks a secret, keeping only a recognisable prefix (`sk-`, `sk-proj-`, `ek_`).
    public static func mask(_ secret: String) -> String {
        for prefix in keyPrefixes where secret.hasPrefix(prefix) {
            return prefix + maskMark
        }
        return maskMark
    }

    /// Masks key-shaped tokens and the token after a credential label (see ``KeyPatternScan``).
    static func redactPatterns(_ text: String) -> String {
        KeyPatternScan.redact(text) ?? text
    }
}
