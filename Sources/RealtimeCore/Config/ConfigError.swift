/// A configuration value outside what the service accepts.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting at fault, as people name it (`temperature`, `turn_detection.threshold`).
    public var field: String
    /// What was wrong, what is allowed, what to do — one line.
    public var message: String

    /// Creates a configuration error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
