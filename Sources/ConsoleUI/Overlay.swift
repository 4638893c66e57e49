/// A box drawn over the panes, which takes the keys while it is open.
public enum Overlay: Sendable, Equatable {
    /// The key help, scrolled down by `scroll` lines.
    case help(scroll: Int)
    /// Every message of the call in full, scrolled down by `scroll` lines (it opens at the newest).
    case messages(scroll: Int)
    /// One event as pretty JSON, scrolled down by `scroll` lines.
    case eventDetail(rowID: Int, scroll: Int)
}
