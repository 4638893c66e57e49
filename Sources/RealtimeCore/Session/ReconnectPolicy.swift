/// How a session recovers from a lost connection and from the server's session limit.
///
/// After an unexpected close it retries at once, then after each of `delays` in turn (1, 2, 4, 8, 15 s by
/// default: six attempts within about half a minute), and gives up with the last error. Fatal server
/// errors (invalid key, quota, billing, a disabled dialect) and refused upgrades (401/403/404) stop at once.
public struct ReconnectPolicy: Sendable, Equatable {
    /// Waits before each attempt; the first is usually zero.
    public var delays: [Duration]
    /// The server's maximum session length; the session rolls over to a new one before it. nil: never.
    public var sessionLimit: Duration?

    /// Creates a policy.
    public init(delays: [Duration] = [.zero, .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15)], sessionLimit: Duration? = nil) {
        self.delays = delays
        self.sessionLimit = sessionLimit
    }

    /// No reconnecting at all.
    public static let never = ReconnectPolicy(delays: [], sessionLimit: nil)

    /// When to roll over: ahead of the limit by 10 % of it, at most two minutes.
    public var rolloverAfter: Duration? {
        guard let limit = sessionLimit else { return nil }
        let margin = min(.seconds(120), limit / 10)
        return limit - margin
    }
}
