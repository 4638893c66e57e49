/// Where something sits on a GPT-Live session's timeline: milliseconds since the session began, which
/// move only while input audio flows.
public struct LiveSpan: Sendable, Equatable {
    public var startMs: Int
    public var endMs: Int

    /// Creates a span.
    public init(startMs: Int, endMs: Int) {
        self.startMs = startMs
        self.endMs = endMs
    }

    /// Reads `start_ms` and `end_ms`.
    init(_ r: JSONReader) throws(ProtocolError) {
        startMs = try r.int("start_ms")
        endMs = try r.int("end_ms")
    }

    /// Reads `start_ms` and `end_ms` when both are present.
    init?(optional r: JSONReader) throws(ProtocolError) {
        guard let start = try r.optionalInt("start_ms"), let end = try r.optionalInt("end_ms") else { return nil }
        startMs = start
        endMs = end
    }

    func write(into object: inout JSONObject) {
        object["start_ms"] = .int(startMs)
        object["end_ms"] = .int(endMs)
    }
}

/// `session.delegation.created`: the model handed off work.
public struct LiveDelegationNotice: Sendable, Equatable {
    /// The delegation's id: the `delegation_id` of the answers.
    public var id: String
    /// `client`, `responses` or `decisions`.
    public var target: String
    /// The backend response, under Responses delegation.
    public var responseID: String?
    /// Where on the timeline the model delegated.
    public var offsetMs: Int

    /// Creates a notice.
    public init(id: String, target: String, responseID: String? = nil, offsetMs: Int) {
        self.id = id
        self.target = target
        self.responseID = responseID
        self.offsetMs = offsetMs
    }

    init(_ r: JSONReader) throws(ProtocolError) {
        let delegation = try r.object("delegation")
        id = try delegation.string("id")
        target = try delegation.string("target")
        responseID = try delegation.optionalString("response_id")
        offsetMs = try r.int("offset_ms")
    }
}

/// `decision.event`: a Decisions result.
public struct LiveDecisionNotice: Sendable, Equatable {
    /// The delegation it answers; nil for a transcript trigger.
    public var delegationID: String?
    /// `{type: decision.completed, decision: {model, answers, usage}}`.
    public var event: JSONValue
    public var triggerID: String?
    public var sourceEventID: String?
    public var sourceEventType: String?

    /// Creates a notice.
    public init(delegationID: String?, event: JSONValue, triggerID: String? = nil, sourceEventID: String? = nil, sourceEventType: String? = nil) {
        self.delegationID = delegationID
        self.event = event
        self.triggerID = triggerID
        self.sourceEventID = sourceEventID
        self.sourceEventType = sourceEventType
    }

    init(_ r: JSONReader) throws(ProtocolError) {
        delegationID = try r.optionalString("delegation_id")
        event = .object(try r.object("event").object)
        triggerID = try r.optionalString("trigger_id")
        sourceEventID = try r.optionalString("source_event_id")
        sourceEventType = try r.optionalString("source_event_type")
    }

    /// The answers in one line (`name: value` for each question), for people.
    public var summary: String {
        let answers = event["decision"]?["answers"]?.arrayValue ?? []
        let parts = answers.map { answer -> String in
            let name = answer["name"]?.stringValue ?? "answer"
            switch answer["type"]?.stringValue {
            case "choice": return "\(name): \(answer["choice"].map(JSONWriter.compact) ?? "?")"
            case "predicate": return "\(name): \(Int(((answer["probability"]?.doubleValue ?? 0) * 100).rounded())) %"
            case "score": return "\(name): \(answer["score"].map(JSONWriter.compact) ?? "?")"
            case "refusal": return "\(name): refused"
            default: return "\(name): \(JSONWriter.compact(answer))"
            }
        }
        return parts.isEmpty ? "no answers" : parts.joined(separator: ", ")
    }
}

/// `session.usage.updated` / `session.closed.usage`: billable session time.
public struct LiveUsage: Sendable, Equatable {
    /// Billable seconds so far, cumulative.
    public var seconds: Int
    public var activeSeconds: Int?
    public var pausedSeconds: Int?
    /// How full the voice model's context is, 0…1 (may drop after automatic compaction).
    public var contextUsageRatio: Double?

    /// Creates usage.
    public init(seconds: Int, activeSeconds: Int? = nil, pausedSeconds: Int? = nil, contextUsageRatio: Double? = nil) {
        self.seconds = seconds
        self.activeSeconds = activeSeconds
        self.pausedSeconds = pausedSeconds
        self.contextUsageRatio = contextUsageRatio
    }

    var usageJSON: JSONValue {
        var usage: JSONObject = ["seconds": .int(seconds)]
        usage["active_seconds"] = activeSeconds.map(JSONValue.int)
        usage["paused_seconds"] = pausedSeconds.map(JSONValue.int)
        return .object(usage)
    }

    func write(into object: inout JSONObject) {
        object["usage"] = usageJSON
        object["context_window"] = contextUsageRatio.map { ["usage_ratio": .number($0)] }
    }

    /// Reads a usage object.
    init(_ r: JSONReader) throws(ProtocolError) {
        seconds = try r.int("seconds")
        activeSeconds = try r.optionalInt("active_seconds")
        pausedSeconds = try r.optionalInt("paused_seconds")
    }

    /// Reads `session.usage.updated`'s `usage` and `context_window`.
    init(event r: JSONReader) throws(ProtocolError) {
        try self.init(r.object("usage"))
        contextUsageRatio = try r.optionalObject("context_window")?.optionalDouble("usage_ratio")
    }
}
