/// Reads typed fields out of a JSON object, producing `ProtocolError`s that name the field's path.
public struct JSONReader: Sendable {
    /// The object being read.
    public let object: JSONObject
    /// The dotted path of this object inside the event (empty at the top).
    public let path: String
    /// The event type, for error messages.
    public let eventType: String?

    /// Creates a reader over an object.
    public init(_ object: JSONObject, path: String = "", eventType: String? = nil) {
        self.object = object
        self.path = path
        self.eventType = eventType
    }

    /// Creates a reader over a value that must be an object.
    public init(value: JSONValue, path: String, eventType: String?) throws(ProtocolError) {
        guard case .object(let object) = value else {
            throw ProtocolError(.invalidField, eventType: eventType, path: path, message: "expected an object, got \(value.kindName)")
        }
        self.init(object, path: path, eventType: eventType)
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func missing(_ key: String) -> ProtocolError {
        ProtocolError(.missingField, eventType: eventType, path: fieldPath(key), message: "required field is missing")
    }

    func wrongType(_ key: String, expected: String, got value: JSONValue) -> ProtocolError {
        ProtocolError(.invalidField, eventType: eventType, path: fieldPath(key), message: "expected \(expected), got \(value.kindName)")
    }

    /// A required string.
    public func string(_ key: String) throws(ProtocolError) -> String {
        guard let value = object[key] else { throw missing(key) }
        guard case .string(let s) = value else { throw wrongType(key, expected: "a string", got: value) }
        return s
    }

    /// An optional string (missing or null gives nil).
    public func optionalString(_ key: String) throws(ProtocolError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let s) = value else { throw wrongType(key, expected: "a string", got: value) }
        return s
    }

    /// A required integer.
    public func int(_ key: String) throws(ProtocolError) -> Int {
        guard let value = object[key] else { throw missing(key) }
        guard let n = value.intValue else { throw wrongType(key, expected: "an integer", got: value) }
        return n
    }

    /// An optional integer (missing or null gives nil).
    public func optionalInt(_ key: String) throws(ProtocolError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.intValue else { throw wrongType(key, expected: "an integer", got: value) }
        return n
    }

    /// An optional number (missing or null gives nil).
    public func optionalDouble(_ key: String) throws(ProtocolError) -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.doubleValue else { throw wrongType(key, expected: "a number", got: value) }
        return n
    }

    /// A required number.
    public func double(_ key: String) throws(ProtocolError) -> Double {
        guard let n = try optionalDouble(key) else { throw missing(key) }
        return n
    }

    /// An optional boolean (missing or null gives nil).
    public func optionalBool(_ key: String) throws(ProtocolError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let b = value.boolValue else { throw wrongType(key, expected: "a boolean", got: value) }
        return b
    }

    /// A required object, as a reader.
    public func object(_ key: String) throws(ProtocolError) -> JSONReader {
        guard let value = object[key] else { throw missing(key) }
        return try JSONReader(value: value, path: fieldPath(key), eventType: eventType)
    }

    /// An optional object (missing or null gives nil).
    public func optionalObject(_ key: String) throws(ProtocolError) -> JSONReader? {
        guard let value = object[key], !value.isNull else { return nil }
        return try JSONReader(value: value, path: fieldPath(key), eventType: eventType)
    }

    /// An optional array of objects, each read with `transform`.
    public func optionalArray<T>(_ key: String, _ transform: (JSONReader) throws(ProtocolError) -> T) throws(ProtocolError) -> [T]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .array(let elements) = value else { throw wrongType(key, expected: "an array", got: value) }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            result.append(try transform(JSONReader(value: element, path: "\(fieldPath(key))[\(i)]", eventType: eventType)))
        }
        return result
    }

    /// A required array of objects, each read with `transform`.
    public func array<T>(_ key: String, _ transform: (JSONReader) throws(ProtocolError) -> T) throws(ProtocolError) -> [T] {
        guard let result = try optionalArray(key, transform) else { throw missing(key) }
        return result
    }

    /// An optional array of strings.
    public func optionalStrings(_ key: String) throws(ProtocolError) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .array(let elements) = value else { throw wrongType(key, expected: "an array of strings", got: value) }
        var result: [String] = []
        for element in elements {
            guard case .string(let s) = element else { throw wrongType(key, expected: "an array of strings", got: element) }
            result.append(s)
        }
        return result
    }

    /// Any value, as it is (nil when missing).
    public func raw(_ key: String) -> JSONValue? { object[key] }

    /// Throws an invalid-field error for `key` with a message.
    public func invalid(_ key: String, _ message: String) -> ProtocolError {
        ProtocolError(.invalidField, eventType: eventType, path: fieldPath(key), message: message)
    }
}
