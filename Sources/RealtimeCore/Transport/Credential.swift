/// An API key or token and how it is presented to the server. Never printed.
public struct Credential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How the secret travels.
    public enum Scheme: Sendable, Equatable {
        /// `Authorization: Bearer <secret>` (OpenAI keys, ephemeral keys, Entra tokens).
        case bearer
        /// `api-key: <secret>` (Azure keys).
        case azureAPIKey
    }

    /// The secret itself. Read it only to build the request.
    public let secret: String
    public let scheme: Scheme
    /// Where it came from, for messages (`OPENAI_API_KEY`, `.env`, `--api-key-env MY_KEY`).
    public let source: String

    /// Creates a credential.
    public init(secret: String, scheme: Scheme = .bearer, source: String) {
        self.secret = secret
        self.scheme = scheme
        self.source = source
    }

    /// The header name and value that carry the secret.
    public var header: (name: String, value: String) {
        switch scheme {
        case .bearer: ("Authorization", "Bearer \(secret)")
        case .azureAPIKey: ("api-key", secret)
        }
    }

    /// The secret with all but a recognisable prefix hidden, e.g. `sk-…(redacted)`.
    public var redacted: String { SecretRedactor.mask(secret) }

    public var description: String { "\(redacted) from \(source)" }
    public var debugDescription: String { description }
}
