import RealtimeCore

/// A failure the simulator injects at a chosen point of a turn's response.
public struct ScenarioFault: Sendable, Equatable {
    /// Where in the response the fault happens.
    public enum Point: Sendable, Equatable {
        /// After the user's turn ended, before `response.created`.
        case beforeResponse
        /// Right after `response.created`.
        case afterResponseCreated
        /// After the n-th content delta (audio deltas for audio replies, text deltas for text replies), n ≥ 1.
        case afterDelta(Int)
        /// Before `response.done`, after the content is complete.
        case beforeResponseDone
        /// After `response.done`.
        case afterResponseDone
    }

    /// What the simulator does.
    public enum Action: Sendable, Equatable {
        /// Sends a close frame with this code and reason.
        case close(code: Int, reason: String)
        /// Drops the TCP connection without a close frame.
        case drop
        /// Sends one text frame that is not valid JSON.
        case malformedFrame
        /// Sends one valid event (`conversation.item.retrieved`) padded to about this many bytes, in one frame.
        case hugeFrame(bytes: Int)
        /// Sends nothing for this long, then carries on.
        case stall(Duration)
        /// Sends an `error` event; with `closeCode`, closes the socket with that code afterwards.
        case error(ErrorDetail, closeCode: Int?)
        /// Ends the session as the service does at its maximum length: `session_expired`, then close 1001.
        case expire
    }

    /// Where the fault happens.
    public var point: Point
    /// What happens.
    public var action: Action

    /// Creates a fault.
    public init(point: Point, action: Action) {
        self.point = point
        self.action = action
    }
}
