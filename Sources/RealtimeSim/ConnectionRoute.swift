import RealtimeCore

/// What an accepted WebSocket request asked for.
struct ConnectionRoute: Sendable, Equatable {
    /// The dialect the session speaks.
    var dialect: Dialect
    /// The model (or Azure deployment) named in the URL.
    var model: String
    /// The subprotocol to confirm in the upgrade response (`realtime` when the client offered it).
    var subprotocol: String?
}
