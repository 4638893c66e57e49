/// Delays between attempts to reopen a stream whose server went away: 0.1 s, doubling up to 2 s.
struct ReconnectBackoff: Sendable {
    private static let first = Duration.milliseconds(100)
    private static let longest = Duration.seconds(2)
    private var delay = first

    /// The delay before the next attempt; each call doubles the following one, up to 2 s.
    mutating func next() -> Duration {
        defer { delay = min(delay * 2, Self.longest) }
        return delay
    }
}
