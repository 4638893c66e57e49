import RealtimeCore

/// What an accepted WebSocket request asked for.
struct ConnectionRoute: Sendable, Equatable {
    /// The protocol a connection speaks, chosen by its path.
    enum Service: Sendable, Equatable {
        /// The Realtime protocol (`/v1/realtime`), served by ``SimulatedSession``.
        case realtime
        /// GPT-Live (`/v1/live/sessions`), served by ``SimulatedLiveSession``.
        case live
    }

    /// The dialect a Realtime session speaks.
    var dialect: Dialect
    /// The model (or Azure deployment) named in the URL; empty for GPT-Live, whose model comes in `session.start`.
    var model: String
    /// The subprotocol to confirm in the upgrade response (`realtime` when the client offered it).
    var subprotocol: String?
    /// The protocol the session speaks.
    var service: Service = .realtime
}
