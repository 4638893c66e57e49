/// What a GPT-Live session is started with (`session.start.session`): fixed for the session's life except
/// the delegation's settings and the triggers, which `session.update` may change.
public struct LiveSessionConfig: Sendable, Equatable {
    /// `gpt-live-1`, `gpt-live-1.1`, or an Azure deployment.
    public var model: String
    /// The voice model's instructions; nil or blank uses the server's.
    public var instructions: String?
    /// The audio format of both directions; nil lets the server choose (PCM16 at 24 kHz).
    public var format: AudioFormat?
    /// A built-in voice name; nil lets the server choose (`marin`).
    public var voice: String?
    /// Where work is delegated; nil is client delegation.
    public var delegation: LiveDelegation?
    /// The conversation to start from.
    public var input: [LiveInputMessage]
    /// Keep the session for forking and its recording.
    public var store: Bool?
    /// A stable id of the end user, for the service's abuse detection.
    public var safetyIdentifier: String?
    /// Decisions triggers on transcript deltas, as JSON.
    public var triggers: [JSONValue]?

    /// Creates a configuration.
    public init(
        model: String, instructions: String? = nil, format: AudioFormat? = nil, voice: String? = nil, delegation: LiveDelegation? = nil,
        input: [LiveInputMessage] = [], store: Bool? = nil, safetyIdentifier: String? = nil, triggers: [JSONValue]? = nil
    ) {
        self.model = model
        self.instructions = instructions
        self.format = format
        self.voice = voice
        self.delegation = delegation
        self.input = input
        self.store = store
        self.safetyIdentifier = safetyIdentifier
        self.triggers = triggers
    }

    /// The wire JSON: only what is set, since the server refuses unknown keys and defaults the rest.
    public var json: JSONValue { .object(members) }

    var members: JSONObject {
        var object: JSONObject = ["model": .string(model)]
        if let instructions, !instructions.isEmpty { object["instructions"] = .string(instructions) }
        var audio = JSONObject()
        audio["format"] = format.map { $0.json(.ga) }
        audio["output"] = voice.map { ["voice": .string($0)] }
        if !audio.isEmpty { object["audio"] = .object(audio) }
        object["delegation"] = delegation?.json
        if !input.isEmpty { object["input"] = .array(input.map(\.json)) }
        object["store"] = store.map(JSONValue.bool)
        object["safety_identifier"] = safetyIdentifier.map(JSONValue.string)
        object["triggers"] = triggers.map(JSONValue.array)
        return object
    }

    /// Reads a configuration (a start request, or the resource the server confirms).
    public init(_ r: JSONReader) throws(ProtocolError) {
        model = try r.string("model")
        instructions = try r.optionalString("instructions")
        let audio = try r.optionalObject("audio")
        format = try audio?.raw("format").flatMap(JSONValue.nonNull).map { (value: JSONValue) throws(ProtocolError) in
            try AudioFormat(json: value, path: "session.audio.format", eventType: r.eventType)
        }
        voice = try audio?.optionalObject("output")?.optionalString("voice")
        delegation = try r.raw("delegation").map { (value: JSONValue) throws(ProtocolError) in
            try LiveDelegation(json: value, path: "session.delegation", eventType: r.eventType)
        }
        input = try r.optionalArray("input") { m throws(ProtocolError) in try LiveInputMessage(m) } ?? []
        store = try r.optionalBool("store")
        safetyIdentifier = try r.optionalString("safety_identifier")
        triggers = try r.optionalArray("triggers") { t throws(ProtocolError) in JSONValue.object(t.object) }
    }
}

/// A GPT-Live session as the server reports it (`session.started`, `session.updated`, `session.closed`).
public struct LiveSessionResource: Sendable, Equatable {
    /// The session id (`live_…`), for sideband connections, forks and the recording.
    public var id: String
    /// When the session ends on its own (Unix seconds).
    public var expiresAt: Int
    /// Always `active`, even in `session.closed`.
    public var status: String
    /// The resolved configuration.
    public var config: LiveSessionConfig

    /// Creates a resource.
    public init(id: String, expiresAt: Int, status: String = "active", config: LiveSessionConfig) {
        self.id = id
        self.expiresAt = expiresAt
        self.status = status
        self.config = config
    }

    /// The wire JSON.
    public var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "expires_at": .int(expiresAt), "status": .string(status)]
        for member in config.members { object[member.key] = member.value }
        return .object(object)
    }

    /// Reads a resource.
    public init(_ r: JSONReader) throws(ProtocolError) {
        id = try r.string("id")
        expiresAt = try r.int("expires_at")
        status = try r.optionalString("status") ?? "active"
        config = try LiveSessionConfig(r)
    }
}
