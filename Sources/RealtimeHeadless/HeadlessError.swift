import RealtimeCore

/// Why a headless call failed, in one line.
public struct HeadlessError: Error, Sendable, CustomStringConvertible {
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = SecretRedactor.shared.redact(message) }

    public var description: String { message }
}
