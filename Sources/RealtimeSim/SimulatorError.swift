/// Why the simulator could not start.
///
/// A struct that can grow: new kinds of failure can be added without breaking callers.
public struct SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Sendable, Equatable {
        /// `start()` was called on a server that is already running.
        case alreadyRunning
        /// A configuration value is out of range.
        case invalidConfiguration
        /// The listening socket could not be opened.
        case bindFailed
        /// The frame log could not be opened.
        case frameLogUnwritable
    }

    /// What went wrong.
    public var kind: Kind
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
