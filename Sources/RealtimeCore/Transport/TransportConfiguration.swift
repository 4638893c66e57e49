/// Settings of the WebSocket transport.
public struct TransportConfiguration: Sendable {
    /// The largest frame and message accepted or sent. Server frames can be many MiB
    /// (`conversation.item.retrieved` carries whole audio): never the 16 KiB library default.
    public var maxMessageSize: Int = 64 << 20
    /// Keep-alive ping period; the connection closes when a pong does not come back.
    public var pingInterval: Duration? = .seconds(20)
    /// How long the connection and upgrade may take.
    public var connectTimeout: Duration = .seconds(10)

    /// Creates the default configuration.
    public init() {}
}
