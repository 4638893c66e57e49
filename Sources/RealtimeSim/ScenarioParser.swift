import RealtimeCore

/// Reads scenario JSON into a ``Scenario``, refusing any mistake with its line and field.
struct ScenarioParser {
    private typealias Path = [JSONTextLocator.Step]

    private static let pointNames: [String: ScenarioFault.Point] = [
        "before_response": .beforeResponse,
        "after_response_created": .afterResponseCreated,
        "after_first_audio_delta": .afterDelta(1),
        "before_response_done": .beforeResponseDone,
        "after_response_done": .afterResponseDone,
    ]
    private static let actionKeys: [String: Set<String>] = [
        "close": ["code", "reason"],
        "drop": [],
        "malformed_frame": [],
        "huge_frame": ["bytes"],
        "stall": ["seconds"],
        "error": ["error_type", "code", "message", "fatal", "close_code"],
        "expire": [],
    ]

    private let text: String
    private let source: String
    private let locator: JSONTextLocator

    init(text: String, source: String) {
        self.text = text
        self.source = source
        locator = JSONTextLocator(text: text)
    }

    func parse() throws(ScenarioError) -> Scenario {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw ScenarioError(
                file: source, line: locator.lineNumber(atOffset: error.offset), field: nil, message: "not valid JSON: \(error.message)")
        }
        guard case .object(let object) = root else {
            throw failure(at: [], "a scenario is a JSON object with a \"turns\" array")
        }
        try checkKeys(object, at: [], allowed: ["name", "description", "after_last_turn", "usage_interval_ms", "turns"])
        let name = try string(object, "name", at: [])
        _ = try string(object, "description", at: [])
        var continuation = Scenario.Continuation.defaultReplies
        if let value = try string(object, "after_last_turn", at: []) {
            guard let parsed = Scenario.Continuation(rawValue: value) else {
                throw failure(
                    at: [.key("after_last_turn")],
                    "'\(value)' is not allowed; use one of \(Self.list(Scenario.Continuation.allCases.map(\.rawValue)))")
            }
            continuation = parsed
        }
        let usageIntervalMs = try integer(object, "usage_interval_ms", at: [], in: 100...3_600_000)
        guard let turnsValue = object["turns"] else { throw failure(at: [.key("turns")], "missing; a scenario needs a \"turns\" array") }
        guard case .array(let turnValues) = turnsValue else { throw failure(at: [.key("turns")], "must be an array of turn objects") }
        var turns: [ScenarioTurn] = []
        for (index, value) in turnValues.enumerated() {
            turns.append(try turn(value, at: [.key("turns"), .index(index)]))
        }
        return Scenario(name: name, turns: turns, afterLastTurn: continuation, usageIntervalMs: usageIntervalMs)
    }

    private func turn(_ value: JSONValue, at path: Path) throws(ScenarioError) -> ScenarioTurn {
        guard case .object(let object) = value else { throw failure(at: path, "a turn must be an object") }
        try checkKeys(
            object, at: path, allowed: ["user_transcript", "reply", "first_delta_delay_ms", "delta_interval_ms", "tool_call", "faults", "preamble"])
        var turn = ScenarioTurn()
        turn.userTranscript = try string(object, "user_transcript", at: path)
        turn.reply = try string(object, "reply", at: path)
        switch object["preamble"] {
        case nil: break
        case .bool(false)?: turn.preamble = ""
        case .string(let text)?: turn.preamble = text
        default: throw failure(at: path + [.key("preamble")], "must be the preamble's words, or false for none")
        }
        turn.firstDeltaDelayMs = try integer(object, "first_delta_delay_ms", at: path, in: 0...600_000)
        turn.deltaIntervalMs = try integer(object, "delta_interval_ms", at: path, in: 0...60_000)
        if let call = object["tool_call"] {
            turn.toolCall = try toolCall(call, at: path + [.key("tool_call")])
        }
        if let faults = object["faults"] {
            guard case .array(let values) = faults else { throw failure(at: path + [.key("faults")], "must be an array of fault objects") }
            for (index, value) in values.enumerated() {
                turn.faults.append(try fault(value, at: path + [.key("faults"), .index(index)]))
            }
        }
        return turn
    }

    private func toolCall(_ value: JSONValue, at path: Path) throws(ScenarioError) -> ScenarioToolCall {
        guard case .object(let object) = value else { throw failure(at: path, "must be an object with \"name\" and \"arguments\"") }
        try checkKeys(object, at: path, allowed: ["name", "arguments"])
        guard let name = try string(object, "name", at: path), !name.isEmpty else {
            throw failure(at: path + [.key("name")], "a tool call needs a non-empty function name")
        }
        var arguments = "{}"
        switch object["arguments"] {
        case nil: break
        case .object(let members): arguments = JSONWriter.compact(.object(members))
        case .string(let text):
            guard (try? JSONParser.parse(text))?.objectValue != nil else {
                throw failure(at: path + [.key("arguments")], "a string of arguments must hold a JSON object; or write the object itself")
            }
            arguments = text
        default:
            throw failure(at: path + [.key("arguments")], "must be a JSON object (or a string holding one)")
        }
        return ScenarioToolCall(name: name, arguments: arguments)
    }

    private func fault(_ value: JSONValue, at path: Path) throws(ScenarioError) -> ScenarioFault {
        guard case .object(let object) = value else {
            throw failure(at: path, "a fault must be an object with \"at\" (or \"after_delta\") and \"action\"")
        }
        guard let actionName = try string(object, "action", at: path) else {
            throw failure(at: path + [.key("action")], "missing; use one of \(Self.list(Self.actionKeys.keys.sorted()))")
        }
        guard let extraKeys = Self.actionKeys[actionName] else {
            throw failure(
                at: path + [.key("action")], "'\(actionName)' is not a fault action; use one of \(Self.list(Self.actionKeys.keys.sorted()))")
        }
        try checkKeys(object, at: path, allowed: extraKeys.union(["at", "after_delta", "action"]), context: "for action '\(actionName)'")
        return ScenarioFault(point: try point(object, at: path), action: try action(actionName, object, at: path))
    }

    private func point(_ object: JSONObject, at path: Path) throws(ScenarioError) -> ScenarioFault.Point {
        let at = try string(object, "at", at: path)
        let afterDelta = try integer(object, "after_delta", at: path, in: 1...1_000_000)
        switch (at, afterDelta) {
        case (let name?, nil):
            guard let point = Self.pointNames[name] else {
                throw failure(
                    at: path + [.key("at")],
                    "'\(name)' is not a fault point; use one of \(Self.list(Self.pointNames.keys.sorted())), or \"after_delta\": N")
            }
            return point
        case (nil, let count?):
            return .afterDelta(count)
        case (.some, .some):
            throw failure(at: path + [.key("after_delta")], "give either \"at\" or \"after_delta\", not both")
        case (nil, nil):
            throw failure(at: path, "missing \"at\" (one of \(Self.list(Self.pointNames.keys.sorted()))) or \"after_delta\": N")
        }
    }

    private func action(_ name: String, _ object: JSONObject, at path: Path) throws(ScenarioError) -> ScenarioFault.Action {
        switch name {
        case "close":
            let code = try closeCode(object, "code", at: path) ?? 1011
            return .close(code: code, reason: try string(object, "reason", at: path) ?? "simulated failure")
        case "drop":
            return .drop
        case "malformed_frame":
            return .malformedFrame
        case "huge_frame":
            return .hugeFrame(bytes: try integer(object, "bytes", at: path, in: 1024...(256 << 20)) ?? 20 << 20)
        case "stall":
            guard let seconds = try number(object, "seconds", at: path, in: 0.001...3600) else {
                throw failure(at: path + [.key("seconds")], "missing; a stall needs \"seconds\" (0.001 to 3600)")
            }
            return .stall(.milliseconds(Int64((seconds * 1000).rounded())))
        case "error":
            let detail = ErrorDetail(
                type: try string(object, "error_type", at: path) ?? "server_error",
                code: try string(object, "code", at: path) ?? "server_error",
                message: try string(object, "message", at: path) ?? "The server had an error while processing your request."
            )
            let fatal = try boolean(object, "fatal", at: path) ?? false
            let code = try closeCode(object, "close_code", at: path)
            if code != nil, !fatal { throw failure(at: path + [.key("close_code")], "only a fatal error closes the socket; add \"fatal\": true") }
            return .error(detail, closeCode: fatal ? (code ?? 1011) : nil)
        default:
            return .expire
        }
    }

    // MARK: - Field readers

    private func checkKeys(_ object: JSONObject, at path: Path, allowed: Set<String>, context: String = "") throws(ScenarioError) {
        for key in object.keys where !allowed.contains(key) {
            let suffix = context.isEmpty ? "" : " \(context)"
            throw failure(at: path + [.key(key)], "unknown field\(suffix); allowed: \(Self.list(allowed.sorted()))")
        }
    }

    private func string(_ object: JSONObject, _ key: String, at path: Path) throws(ScenarioError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw failure(at: path + [.key(key)], "must be a string, not \(value.kindName)") }
        return text
    }

    private func integer(_ object: JSONObject, _ key: String, at path: Path, in range: ClosedRange<Int>) throws(ScenarioError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw failure(
                at: path + [.key(key)], "must be an integer from \(range.lowerBound) to \(range.upperBound), not \(JSONWriter.compact(value))")
        }
        return number
    }

    private func number(_ object: JSONObject, _ key: String, at path: Path, in range: ClosedRange<Double>) throws(ScenarioError) -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw failure(
                at: path + [.key(key)], "must be a number from \(range.lowerBound) to \(range.upperBound), not \(JSONWriter.compact(value))")
        }
        return number
    }

    private func boolean(_ object: JSONObject, _ key: String, at path: Path) throws(ScenarioError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw failure(at: path + [.key(key)], "must be true or false, not \(JSONWriter.compact(value))") }
        return flag
    }

    private func closeCode(_ object: JSONObject, _ key: String, at path: Path) throws(ScenarioError) -> Int? {
        guard let code = try integer(object, key, at: path, in: 1000...4999) else { return nil }
        guard ![1004, 1005, 1006, 1015].contains(code) else {
            throw failure(at: path + [.key(key)], "\(code) cannot be sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999")
        }
        return code
    }

    // MARK: - Errors

    private func failure(at path: Path, _ message: String) -> ScenarioError {
        var line = locator.line(of: path)
        var parent = path
        while line == nil, !parent.isEmpty {
            parent.removeLast()
            line = locator.line(of: parent)
        }
        return ScenarioError(file: source, line: line, field: path.isEmpty ? nil : Self.fieldName(path), message: message)
    }

    private static func fieldName(_ path: Path) -> String {
        var name = ""
        for step in path {
            switch step {
            case .key(let key): name += name.isEmpty ? key : ".\(key)"
            case .index(let index): name += "[\(index)]"
            }
        }
        return name
    }

    private static func list(_ names: [String]) -> String {
        names.joined(separator: ", ")
    }
}
