/// Why a connection could not be made or ended badly, in words a person can act on.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of transport failure.
    public enum Kind: Sendable, Equatable {
        /// The URL is not a ws:// or wss:// URL.
        case invalidURL
        /// Nothing answered at the address (refused, no route, DNS failure, timeout).
        case unreachable
        /// The server answered the upgrade with an HTTP error.
        case rejected(status: Int)
        /// The server answered but would not upgrade, and the reason could not be learned.
        case upgradeFailed
        /// TLS failed.
        case tls
        /// The connection broke after it was open.
        case connectionLost
    }

    public var kind: Kind
    /// One line: what happened and what to do, with the server's own message where there is one.
    public var message: String

    /// Creates a transport error (the message is redacted of secrets).
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = SecretRedactor.shared.redact(message)
    }

    public var description: String { message }

    /// True when retrying cannot help (bad key, wrong URL, forbidden).
    public var isFatal: Bool {
        switch kind {
        case .invalidURL: true
        case .rejected(let status): [400, 401, 403, 404].contains(status)
        default: false
        }
    }
}
