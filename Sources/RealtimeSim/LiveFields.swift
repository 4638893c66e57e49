import RealtimeCore

/// Strict reading of one JSON object of a GPT-Live client event: unknown members, missing members and members
/// of the wrong JSON type are refused with the member's path (`session.audio.format.rate`).
struct LiveFields {
    /// The object read.
    let object: JSONObject
    /// Its path in the event (`session`, `session.delegation`).
    let path: String

    /// Reads `value` as an object at `path`.
    init(_ value: JSONValue, path: String) throws(LiveError) {
        guard case .object(let object) = value else { throw LiveError.invalidType(path, expected: "an object", got: value) }
        self.object = object
        self.path = path
    }

    /// The path of a member.
    func path(_ key: String) -> String { "\(path).\(key)" }

    /// Refuses the first member that is not allowed.
    func allow(_ keys: Set<String>) throws(LiveError) {
        for key in object.keys where !keys.contains(key) { throw LiveError.unknownParameter(path(key)) }
    }

    /// The member, or nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        object[key].flatMap(JSONValue.nonNull)
    }

    /// A string member, or nil when absent or null.
    func string(_ key: String) throws(LiveError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw LiveError.invalidType(path(key), expected: "a string", got: value) }
        return text
    }

    /// A string member that must be present.
    func requiredString(_ key: String) throws(LiveError) -> String {
        guard let text = try string(key) else { throw LiveError.missingParameter(path(key)) }
        return text
    }

    /// A boolean member, or nil when absent or null.
    func bool(_ key: String) throws(LiveError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw LiveError.invalidType(path(key), expected: "a boolean", got: value) }
        return flag
    }

    /// An integer member within a range, or nil when absent or null.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(LiveError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else { throw LiveError.invalidType(path(key), expected: "an integer", got: value) }
        guard range.contains(number) else {
            throw LiveError.invalidValue(
                path(key), "Invalid '\(path(key))': expected an integer from \(range.lowerBound) to \(range.upperBound), but got \(number).")
        }
        return number
    }

    /// An array member, or nil when absent or null.
    func array(_ key: String) throws(LiveError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw LiveError.invalidType(path(key), expected: "an array", got: value) }
        return elements
    }

    /// An object member read strictly, or nil when absent or null.
    func fields(_ key: String) throws(LiveError) -> LiveFields? {
        guard let value = value(key) else { return nil }
        return try LiveFields(value, path: path(key))
    }
}
