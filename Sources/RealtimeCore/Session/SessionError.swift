/// A request the session refused, or a failure of the session, as one line a person can act on.
public struct SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of session failure.
    public enum Kind: Sendable, Equatable {
        /// Not connected.
        case notConnected
        /// The request does not fit the session's state (e.g. a commit under 100 ms).
        case refused
        /// A value is outside what the service accepts.
        case invalidConfiguration
        /// The connection failed.
        case transport
        /// The server ended the session for good (bad key, quota, expiry without rollover).
        case fatal
    }

    public var kind: Kind
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = SecretRedactor.shared.redact(message)
    }

    public var description: String { message }
}
