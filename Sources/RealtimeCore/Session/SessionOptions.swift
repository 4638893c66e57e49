import Logging

/// Everything a session needs to start.
public struct SessionOptions: Sendable {
    public var endpoint: Endpoint
    public var config: SessionConfig
    public var transport: TransportConfiguration
    /// Where assistant audio plays; nil for text-only front ends (then replies are never truncated).
    public var playback: (any AudioPlayback)?
    /// Model prices for the cost figures.
    public var prices: PriceTable
    public var logger: Logger

    /// Creates options.
    public init(endpoint: Endpoint, config: SessionConfig = SessionConfig(), transport: TransportConfiguration = TransportConfiguration(),
                playback: (any AudioPlayback)? = nil, prices: PriceTable = .defaults, logger: Logger = Logger(label: "rtconsole.session")) {
        self.endpoint = endpoint
        self.config = config
        self.transport = transport
        self.playback = playback
        self.prices = prices
        self.logger = logger
    }
}
