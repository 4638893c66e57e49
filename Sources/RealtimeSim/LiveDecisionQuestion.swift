import RealtimeCore

/// One question of a Decisions configuration, and the simulator's deterministic answer to it.
///
/// The simulator judges nothing: a choice answers its first option, a predicate has probability 0.9, a score
/// its middle level ([inferred] stand-ins, documented in docs/simulator.md).
struct LiveDecisionQuestion: Sendable, Equatable {
    /// What kind of answer the question asks for.
    enum Kind: Sendable, Equatable {
        /// One of the options' values (strings or booleans).
        case choice([JSONValue])
        /// A probability that a statement holds.
        case predicate
        /// One of the levels, by label.
        case score([String])
    }

    /// The question's name, echoed in its answer.
    var name: String?
    var kind: Kind
    /// The question as the client wrote it, echoed in the session resource.
    var json: JSONValue

    /// Reads a question strictly.
    static func parse(_ value: JSONValue, path: String) throws(LiveError) -> LiveDecisionQuestion {
        let fields = try LiveFields(value, path: path)
        let type = try fields.requiredString("type")
        guard let instructions = fields.value("instructions") else { throw LiveError.missingParameter(fields.path("instructions")) }
        guard instructions.stringValue != nil || instructions.arrayValue != nil else {
            throw LiveError.invalidType(fields.path("instructions"), expected: "a string or an array of parts", got: instructions)
        }
        let name = try fields.string("name")
        switch type {
        case "choice":
            try fields.allow(["type", "name", "instructions", "choices"])
            guard let choices = try fields.array("choices"), !choices.isEmpty else {
                throw LiveError.invalidValue(fields.path("choices"), "A choice question needs at least one option in 'choices'.")
            }
            var values: [JSONValue] = []
            for (index, choice) in choices.enumerated() {
                let option = try LiveFields(choice, path: fields.path("choices") + "[\(index)]")
                try option.allow(["value", "description"])
                _ = try option.string("description")
                guard let value = option.value("value") else { throw LiveError.missingParameter(option.path("value")) }
                guard value.stringValue != nil || value.boolValue != nil else {
                    throw LiveError.invalidType(option.path("value"), expected: "a string or a boolean", got: value)
                }
                values.append(value)
            }
            return LiveDecisionQuestion(name: name, kind: .choice(values), json: value)
        case "predicate":
            try fields.allow(["type", "name", "instructions"])
            return LiveDecisionQuestion(name: name, kind: .predicate, json: value)
        case "score":
            try fields.allow(["type", "name", "instructions", "levels"])
            guard let levels = try fields.array("levels"), !levels.isEmpty else {
                throw LiveError.invalidValue(fields.path("levels"), "A score question needs at least one level in 'levels'.")
            }
            var labels: [String] = []
            for (index, level) in levels.enumerated() {
                let entry = try LiveFields(level, path: fields.path("levels") + "[\(index)]")
                try entry.allow(["label", "description"])
                _ = try entry.string("description")
                labels.append(try entry.requiredString("label"))
            }
            return LiveDecisionQuestion(name: name, kind: .score(labels), json: value)
        default:
            throw LiveError.invalidValue(fields.path("type"), type, supported: ["choice", "predicate", "score"])
        }
    }

    /// The answer, in the shape of the SDK's `Decision.answers` elements.
    var answer: JSONValue {
        let nameValue = JSONValue.optionalString(name)
        switch kind {
        case .choice(let values):
            let rest = values.count > 1 ? 0.1 / Double(values.count - 1) : 0
            let probabilities = values.enumerated().map { index, value -> JSONValue in
                ["value": value, "probability": .number(index == 0 ? (values.count == 1 ? 1 : 0.9) : rest)]
            }
            return [
                "type": "choice", "name": nameValue, "choice": values[0], "confidence": 0.9, "probabilities": .array(probabilities),
            ]
        case .predicate:
            return ["type": "predicate", "name": nameValue, "probability": 0.9]
        case .score(let labels):
            let middle = (labels.count - 1) / 2
            let rest = labels.count > 1 ? 0.1 / Double(labels.count - 1) : 0
            let probabilities = labels.enumerated().map { index, label -> JSONValue in
                ["label": .string(label), "probability": .number(index == middle ? (labels.count == 1 ? 1 : 0.9) : rest), "value": .int(index)]
            }
            return [
                "type": "score", "name": nameValue, "score": .number(Double(middle)), "confidence": 0.9,
                "probabilities": .array(probabilities),
            ]
        }
    }

    /// The `decision` of a `decision.completed` event answering `questions` with `model`; token usage is a
    /// plausible estimate (120 input tokens plus 40 and 8 output tokens per question).
    static func decision(answering questions: [LiveDecisionQuestion], model: String) -> JSONValue {
        let input = 120 + 40 * questions.count
        let output = 8 * questions.count
        return [
            "model": .string(model), "answers": .array(questions.map(\.answer)),
            "usage": [
                "input_tokens": .int(input), "input_tokens_details": ["cache_write_tokens": 0, "cached_tokens": 0],
                "output_tokens": .int(output), "output_tokens_details": ["reasoning_tokens": 0], "total_tokens": .int(input + output),
            ],
        ]
    }
}
