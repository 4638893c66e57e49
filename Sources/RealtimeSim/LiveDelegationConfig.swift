import RealtimeCore

/// Who handles the tasks a GPT-Live session delegates, read strictly from `session.delegation` and changed by
/// `session.update` (the type never changes).
struct LiveDelegationConfig: Sendable, Equatable {
    /// The delegation owner.
    enum Kind: String, Sendable, CaseIterable {
        /// The application answers with appends.
        case client
        /// A server-managed Responses model; function calls come back in `response.event`s.
        case responses
        /// The Decisions API answers the configured questions.
        case decisions
    }

    private static let responsesKeys: Set<String> = [
        "model", "instructions", "max_output_tokens", "parallel_tool_calls", "reasoning", "service_tier", "text", "tool_choice", "tools",
    ]
    private static let serviceTiers = ["auto", "default", "fast_tier_temp_pilot", "flex", "priority", "ultrafast"]

    var kind: Kind
    /// The wait before the spoken acknowledgement of a delegation, in ms, when set.
    var acknowledgementDelayMs: Int?
    /// The Responses backend settings, as given (responses delegation).
    var responses: JSONObject = [:]
    /// The Decisions model (decisions delegation).
    var decisionsModel = ""
    /// The Decisions questions (decisions delegation).
    var questions: [LiveDecisionQuestion] = []

    /// The acknowledgement delay in effect: the configured one, or 400 ms for Decisions and 0 otherwise (SDK).
    var effectiveAcknowledgementDelayMs: Int { acknowledgementDelayMs ?? (kind == .decisions ? 400 : 0) }

    /// The model of the Responses backend.
    var responsesModel: String { responses["model"]?.stringValue ?? "" }

    /// Reads `session.delegation` of `session.start`; absent or null is client delegation.
    static func parse(_ value: JSONValue?, path: String) throws(LiveError) -> LiveDelegationConfig {
        guard let value, !value.isNull else { return LiveDelegationConfig(kind: .client) }
        let fields = try LiveFields(value, path: path)
        let kind = try kindOf(fields)
        var config = LiveDelegationConfig(kind: kind)
        try config.apply(fields, starting: true)
        return config
    }

    /// This configuration changed by `session.update`'s `delegation`: the same type; the fields present replace
    /// the current ones, and inside `responses` and `decisions` only the members present change (SDK: "omitted
    /// settings keep their existing values").
    func updated(with value: JSONValue, path: String) throws(LiveError) -> LiveDelegationConfig {
        guard !value.isNull else {
            guard kind == .client else { throw LiveError.immutable(path + ".type") }
            return self
        }
        let fields = try LiveFields(value, path: path)
        guard try Self.kindOf(fields) == kind else { throw LiveError.immutable(fields.path("type")) }
        var next = self
        try next.apply(fields, starting: false)
        return next
    }

    /// The delegation object of the session resource.
    var json: JSONValue {
        var object: JSONObject = ["type": .string(kind.rawValue)]
        if let acknowledgementDelayMs { object["acknowledgement_delay_ms"] = .int(acknowledgementDelayMs) }
        switch kind {
        case .client: break
        case .responses: object["responses"] = .object(responses)
        case .decisions: object["decisions"] = ["model": .string(decisionsModel), "questions": .array(questions.map(\.json))]
        }
        return .object(object)
    }

    private static func kindOf(_ fields: LiveFields) throws(LiveError) -> Kind {
        let type = try fields.requiredString("type")
        guard let kind = Kind(rawValue: type) else {
            throw LiveError.invalidValue(fields.path("type"), type, supported: Kind.allCases.map(\.rawValue))
        }
        return kind
    }

    private mutating func apply(_ fields: LiveFields, starting: Bool) throws(LiveError) {
        switch kind {
        case .client: try fields.allow(["type", "acknowledgement_delay_ms"])
        case .responses: try fields.allow(["type", "acknowledgement_delay_ms", "responses"])
        case .decisions: try fields.allow(["type", "acknowledgement_delay_ms", "decisions"])
        }
        if let delay = try fields.integer("acknowledgement_delay_ms", in: 0...60_000) { acknowledgementDelayMs = delay }
        switch kind {
        case .client:
            break
        case .responses:
            guard let backend = try fields.fields("responses") else {
                if starting { throw Self.needs(fields.path("responses.model"), "A Responses delegation") }
                return
            }
            try Self.checkResponses(backend)
            if starting, try backend.string("model") == nil { throw Self.needs(backend.path("model"), "A Responses delegation") }
            for member in backend.object { responses[member.key] = member.value }
        case .decisions:
            guard let decisions = try fields.fields("decisions") else {
                if starting { throw Self.needs(fields.path("decisions.model"), "A Decisions delegation") }
                return
            }
            try decisions.allow(["model", "questions"])
            if let model = try decisions.string("model") {
                decisionsModel = model
            } else if starting {
                throw Self.needs(decisions.path("model"), "A Decisions delegation")
            }
            if let values = try decisions.array("questions") {
                var parsed: [LiveDecisionQuestion] = []
                for (index, question) in values.enumerated() {
                    parsed.append(try LiveDecisionQuestion.parse(question, path: decisions.path("questions") + "[\(index)]"))
                }
                questions = parsed
            } else if starting {
                throw Self.needs(decisions.path("questions"), "A Decisions delegation")
            }
        }
    }

    /// A setting a delegation type cannot start without: `invalid_value`, as the contract words it.
    private static func needs(_ path: String, _ what: String) -> LiveError {
        LiveError.invalidValue(path, "\(what) needs '\(path)'.")
    }

    /// Checks the members of `delegation.responses` the simulator reads or can check cheaply; tools and
    /// reasoning objects are taken as given.
    private static func checkResponses(_ backend: LiveFields) throws(LiveError) {
        try backend.allow(responsesKeys)
        _ = try backend.string("model")
        _ = try backend.string("instructions")
        _ = try backend.integer("max_output_tokens", in: 1...1_000_000)
        _ = try backend.bool("parallel_tool_calls")
        _ = try backend.fields("reasoning")
        _ = try backend.fields("text")
        _ = try backend.array("tools")
        if let tier = try backend.string("service_tier"), !serviceTiers.contains(tier) {
            throw LiveError.invalidValue(backend.path("service_tier"), tier, supported: serviceTiers)
        }
        if let choice = backend.value("tool_choice"), choice.stringValue == nil, choice.objectValue == nil {
            throw LiveError.invalidType(backend.path("tool_choice"), expected: "a string or an object", got: choice)
        }
    }
}
