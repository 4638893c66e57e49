/// What a session hands to its connection's writer, in the order it must reach the socket.
enum OutgoingFrame: Sendable {
    /// A text frame holding one JSON event.
    case event(String)
    /// A text frame that is deliberately not JSON (a fault).
    case malformed(String)
    /// A close frame with a code and reason; nothing follows it.
    case close(code: Int, reason: String)
    /// Nothing is sent for this long (a stall fault).
    case pause(Duration)
    /// The TCP connection is dropped without a close frame.
    case drop
}
