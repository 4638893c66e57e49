/// Where a GPT-Live model hands the work it cannot do in speech (`session.delegation`), fixed at start.
public enum LiveDelegation: Sendable, Equatable {
    /// The application answers: the task is in the user's words, the result goes back as commentary.
    case client(acknowledgementDelayMs: Int? = nil)
    /// A Responses model with tools, run by the service; function calls come back to the application.
    case responses(LiveResponsesBackend, acknowledgementDelayMs: Int? = nil)
    /// The Decisions API answers configured questions.
    case decisions(model: String, questions: [JSONValue], acknowledgementDelayMs: Int? = nil)

    /// The delegation types, as the wire and the `--delegation` flag spell them.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case client, responses, decisions
    }

    /// Which kind this is.
    public var kind: Kind {
        switch self {
        case .client: .client
        case .responses: .responses
        case .decisions: .decisions
        }
    }

    /// The wire JSON.
    public var json: JSONValue {
        var object: JSONObject = ["type": .string(kind.rawValue)]
        switch self {
        case .client(let delay):
            object["acknowledgement_delay_ms"] = delay.map(JSONValue.int)
        case .responses(let backend, let delay):
            object["responses"] = backend.json
            object["acknowledgement_delay_ms"] = delay.map(JSONValue.int)
        case .decisions(let model, let questions, let delay):
            object["decisions"] = ["model": .string(model), "questions": .array(questions)]
            object["acknowledgement_delay_ms"] = delay.map(JSONValue.int)
        }
        return .object(object)
    }

    /// Reads a delegation; `null` is client delegation, as the service reads it.
    public init(json: JSONValue, path: String, eventType: String?) throws(ProtocolError) {
        if json.isNull {
            self = .client()
            return
        }
        let r = try JSONReader(value: json, path: path, eventType: eventType)
        let delay = try r.optionalInt("acknowledgement_delay_ms")
        let type = try r.string("type")
        switch Kind(rawValue: type) {
        case .client:
            self = .client(acknowledgementDelayMs: delay)
        case .responses:
            self = .responses(try LiveResponsesBackend(r.object("responses")), acknowledgementDelayMs: delay)
        case .decisions:
            let decisions = try r.object("decisions")
            let questions = try decisions.optionalArray("questions") { q throws(ProtocolError) in JSONValue.object(q.object) } ?? []
            self = .decisions(model: try decisions.string("model"), questions: questions, acknowledgementDelayMs: delay)
        case nil:
            throw r.invalid("type", "'\(type)' is not a delegation type; use client, responses or decisions")
        }
    }
}

/// The Responses model a GPT-Live session delegates to (`delegation.responses`).
public struct LiveResponsesBackend: Sendable, Equatable {
    /// The reasoning efforts a backend takes, least first.
    public static let reasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"]

    /// The backend model, e.g. `gpt-5.6-luna` (on Azure, a Responses deployment of the same resource).
    public var model: String
    /// The backend's own instructions (business rules and tool workflows).
    public var instructions: String?
    /// The backend's reasoning effort (`none` … `xhigh`).
    public var reasoningEffort: String?
    /// The backend's tools, as Responses tool objects (`{type: function, name, description, parameters}`, hosted tools).
    public var tools: [JSONValue]

    /// Creates a backend.
    public init(model: String, instructions: String? = nil, reasoningEffort: String? = nil, tools: [JSONValue] = []) {
        self.model = model
        self.instructions = instructions
        self.reasoningEffort = reasoningEffort
        self.tools = tools
    }

    /// The wire JSON (only what is set).
    public var json: JSONValue {
        var object: JSONObject = ["model": .string(model)]
        object["instructions"] = instructions.map(JSONValue.string)
        object["reasoning"] = reasoningEffort.map { ["effort": .string($0)] }
        if !tools.isEmpty { object["tools"] = .array(tools) }
        return .object(object)
    }

    /// Reads a backend.
    public init(_ r: JSONReader) throws(ProtocolError) {
        model = try r.string("model")
        instructions = try r.optionalString("instructions")
        reasoningEffort = try r.optionalObject("reasoning")?.optionalString("effort")
        tools = try r.optionalArray("tools") { t throws(ProtocolError) in JSONValue.object(t.object) } ?? []
    }
}
