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

    /// Registers a secret value to be removed wherever it appears.
    public func register(_ secret: String) {
        guard secret.count >= 6 else { return }
        _ = secrets.withLock { $0.insert(secret) }
    }

    /// Returns the text with every known secret and key-shaped token replaced.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ $0 }) {
            result = UTF8Rewrite.replacingOccurrences(of: secret, with: Self.mask(secret), in: result) ?? result
        }
        return Self.redactPatterns(result)
    }

    /// Masks a secret, keeping only a recognisable prefix (`sk-`, `sk-proj-`, `ek_`).
    public static func mask(_ secret: String) -> String {
        for prefix in ["sk-proj-", "sk-svcacct-", "sk-", "ek_"] where secret.hasPrefix(prefix) {
            return "\(prefix)…(redacted)"
        }
        return "…(redacted)"
    }

    /// Masks key-shaped tokens and the token after a credential label (see ``KeyPatternScan``).
    static func redactPatterns(_ text: String) -> String {
        KeyPatternScan.redact(text) ?? text
    }
}
