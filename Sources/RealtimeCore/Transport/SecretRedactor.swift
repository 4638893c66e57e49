import Foundation
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
        for secret in secrets.withLock({ $0 }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask(secret))
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

    static func redactPatterns(_ text: String) -> String {
        guard text.contains("sk-") || text.contains("ek_") || text.contains("Bearer ") || text.contains("earer ")
            || text.lowercased().contains("api-key") || text.contains("insecure-api-key")
        else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let lower = token.lowercased()
            if (lower == "bearer" || lower.hasSuffix("\"bearer") || lower == "api-key:" || lower.hasSuffix("\"api-key\":")) && i + 1 < tokens.count {
                tokens[i + 1] = maskToken(tokens[i + 1])
                i += 2
                continue
            }
            tokens[i] = maskEmbeddedKeys(token)
            i += 1
        }
        out = tokens.joined(separator: " ")
        return out
    }

    static func maskToken(_ token: String) -> String {
        let trailing = token.reversed().prefix { "\",;)}]".contains($0) }
        let body = token.dropLast(trailing.count)
        guard body.count >= 6 else { return token }
        return mask(String(body)) + String(trailing.reversed())
    }

    static func maskEmbeddedKeys(_ token: String) -> String {
        for marker in ["sk-", "ek_", "openai-insecure-api-key."] {
            guard let range = token.range(of: marker) else { continue }
            let rest = token[range.upperBound...]
            let keyBody = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard keyBody.count >= 8 else { continue }
            let replacement = marker == "openai-insecure-api-key." ? marker + "…(redacted)" : mask(marker + keyBody)
            return String(token[..<range.lowerBound]) + replacement + String(rest.dropFirst(keyBody.count))
        }
        return token
    }
}
