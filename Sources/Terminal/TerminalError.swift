/// Why the full-screen console cannot start, in one line that says what to do.
public struct TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
