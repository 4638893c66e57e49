/// What arrives from an open connection.
public enum TransportEvent: Sendable, Equatable {
    /// One whole text message.
    case text(String)
    /// The connection ended.
    case closed(TransportClose)
}

/// How a connection ended.
public struct TransportClose: Sendable, Equatable, CustomStringConvertible {
    /// The WebSocket close code, if the peer sent one.
    public var code: Int?
    /// The peer's close reason, if any.
    public var reason: String?
    /// The error that ended it, when it was not a clean close.
    public var error: TransportError?

    /// Creates a close record.
    public init(code: Int?, reason: String?, error: TransportError?) {
        self.code = code
        self.reason = reason
        self.error = error
    }

    /// True for a normal close (1000) that nobody asked to retry.
    public var isNormal: Bool { error == nil && (code == 1000 || code == nil) }

    public var description: String {
        if let error { return error.message }
        var text = "closed"
        if let code { text += " with code \(code)" }
        if let reason, !reason.isEmpty { text += " (\(reason))" }
        return text
    }
}
