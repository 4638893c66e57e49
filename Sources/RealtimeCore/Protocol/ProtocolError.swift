/// Why a wire message could not be turned into a typed event.
///
/// A struct that can grow: new kinds of failure can be added without breaking callers.
public struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of protocol failure.
    public enum Kind: Sendable, Equatable {
        /// The text is not JSON.
        case invalidJSON
        /// The JSON is not an object with a string `type`.
        case notAnEvent
        /// A required field is missing.
        case missingField
        /// A field has the wrong JSON type or an invalid value.
        case invalidField
    }

    /// What went wrong.
    public var kind: Kind
    /// The event type, when it was known.
    public var eventType: String?
    /// The dotted path of the field at fault, when there is one.
    public var path: String?
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, eventType: String? = nil, path: String? = nil, message: String) {
        self.kind = kind
        self.eventType = eventType
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = ""
        if let eventType { text += "\(eventType): " }
        if let path { text += "\(path): " }
        return text + message
    }
}
