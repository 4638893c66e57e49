/// Where the session's connection stands.
public enum ConnectionState: Sendable, Equatable, CustomStringConvertible {
    case disconnected
    case connecting
    /// Open, with the server's session id once `session.created` arrived.
    case connected(sessionID: String?)
    /// Lost, retrying (attempt number, starting at 1).
    case reconnecting(attempt: Int)
    /// Ended; the text says why.
    case closed(reason: String)

    /// The state in words, for messages.
    public var description: String {
        switch self {
        case .disconnected: "not connected"
        case .connecting: "connecting"
        case .connected: "connected"
        case .reconnecting(let attempt): "reconnecting (attempt \(attempt))"
        case .closed(let reason): "closed: \(reason)"
        }
    }

    /// True while connected.
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }
}
