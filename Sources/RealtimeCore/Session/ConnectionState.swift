/// Where the session's connection stands.
public enum ConnectionState: Sendable, Equatable {
    case disconnected
    case connecting
    /// Open, with the server's session id once `session.created` arrived.
    case connected(sessionID: String?)
    /// Lost, retrying (attempt number, starting at 1).
    case reconnecting(attempt: Int)
    /// Ended; the text says why.
    case closed(reason: String)

    /// True while connected.
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }
}
