import RealtimeCore

/// A GPT-Live session's configuration: read strictly from `session.start`, changed only where
/// `session.update` may change it, and echoed as the session resource.
struct LiveSessionSettings: Sendable {
    /// The built-in voices (`BuiltInVoice` of the SDK).
    static let voices = [
        "alloy", "ash", "ballad", "beacon", "bossa", "cedar", "cinder", "coral", "delta", "echo", "gleam", "marin", "meridian", "quartz",
        "ripple", "sage", "shida", "shimmer", "stone", "tempo", "verse", "vesper", "willow",
    ]
    /// The most `input` messages a session may start with.
    static let inputLimit = 128
    /// The members of `session.start.session` on the primary WebSocket.
    private static let startKeys: Set<String> = [
        "model", "instructions", "audio", "delegation", "input", "store", "safety_identifier", "triggers", "client",
    ]
    /// The members that are fixed once the session started.
    private static let startupOnlyKeys: Set<String> = ["model", "instructions", "audio", "input", "store", "safety_identifier", "client"]
    private static let transcriptEvents = ["session.input_transcript.delta", "session.output_transcript.delta"]

    var model: String
    var instructions = ""
    /// The format of input and output audio.
    var format = AudioFormat.pcm24k
    /// The voice as configured: a built-in name or `{"id": …}`.
    var voice: JSONValue = "marin"
    var delegation = LiveDelegationConfig(kind: .client)
    /// The startup history, as given.
    var input: [JSONValue] = []
    var store = false
    var safetyIdentifier: String?
    /// The Decisions triggers, as given; nil when never configured. They are kept and echoed, not run.
    var triggers: [JSONValue]?

    /// The name the synthesizer uses for the voice (a custom voice by its id).
    var voiceName: String { voice.stringValue ?? voice["id"]?.stringValue ?? "marin" }

    /// Characters of text in the context at the start (instructions and history), for the usage ratio.
    var startupCharacters: Int {
        instructions.count + input.reduce(0) { $0 + ($1["content"]?.arrayValue?.first?["text"]?.stringValue?.count ?? 0) }
    }

    /// Reads `session.start.session`.
    static func parse(_ value: JSONValue) throws(LiveError) -> LiveSessionSettings {
        let session = try LiveFields(value, path: "session")
        try session.allow(startKeys)
        var config = LiveSessionSettings(model: try session.requiredString("model"))
        if session.value("client") != nil {
            // [inferred] `client` configures an untrusted WebRTC frontend; a WebSocket has none.
            throw LiveError.invalidValue(session.path("client"), "'session.client' is only supported for WebRTC sessions.")
        }
        config.instructions = try session.string("instructions") ?? ""
        if let audio = try session.fields("audio") { try config.readAudio(audio) }
        config.delegation = try LiveDelegationConfig.parse(session.value("delegation"), path: session.path("delegation"))
        if let input = try session.array("input") { config.input = try readInput(input, path: session.path("input")) }
        config.store = try session.bool("store") ?? false
        config.safetyIdentifier = try session.string("safety_identifier")
        if let triggers = try session.array("triggers") { config.triggers = try readTriggers(triggers, path: session.path("triggers")) }
        return config
    }

    /// This configuration changed by `session.update`: `delegation` (same type) and `triggers`; a startup field
    /// gives `immutable_field_update`, anything else `unknown_parameter`. Nothing changes when a field is refused.
    func updated(with value: JSONValue) throws(LiveError) -> LiveSessionSettings {
        let session = try LiveFields(value, path: "session")
        for key in session.object.keys where key != "delegation" && key != "triggers" {
            throw Self.startupOnlyKeys.contains(key) ? LiveError.immutable(session.path(key)) : LiveError.unknownParameter(session.path(key))
        }
        var next = self
        if let change = session.object["delegation"] {
            next.delegation = try delegation.updated(with: change, path: session.path("delegation"))
        }
        if let triggers = try session.array("triggers") {
            next.triggers = try Self.readTriggers(triggers, path: session.path("triggers"))
        }
        return next
    }

    /// The session resource of `session.started`, `session.updated` and `session.closed`.
    func resource(id: String, expiresAt: Int) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "expires_at": .int(expiresAt), "model": .string(model), "instructions": .string(instructions),
            "audio": ["format": Self.formatJSON(format), "output": ["voice": voice]], "delegation": delegation.json, "input": .array(input),
            "store": .bool(store), "status": "active",
        ]
        if let safetyIdentifier { object["safety_identifier"] = .string(safetyIdentifier) }
        if let triggers { object["triggers"] = .array(triggers) }
        return .object(object)
    }

    /// A format as the protocol writes it: `{"type":"audio/pcm","rate":24000}`, G.711 with `rate: 8000`.
    static func formatJSON(_ format: AudioFormat) -> JSONValue {
        switch format {
        case .pcm(let rate): ["type": "audio/pcm", "rate": .int(rate)]
        case .pcmu: ["type": "audio/pcmu", "rate": 8000]
        case .pcma: ["type": "audio/pcma", "rate": 8000]
        }
    }

    private mutating func readAudio(_ audio: LiveFields) throws(LiveError) {
        try audio.allow(["format", "output"])
        if let format = try audio.fields("format") {
            try format.allow(["type", "rate"])
            let type = try format.requiredString("type")
            guard let rate = try format.integer("rate", in: 1...192_000) else { throw LiveError.missingParameter(format.path("rate")) }
            switch type {
            case "audio/pcm":
                guard rate == 16_000 || rate == 24_000 else {
                    throw LiveError.invalidValue(format.path("rate"), "Invalid value: \(rate). Supported PCM rates are: 16000, 24000.")
                }
                self.format = .pcm(rate: rate)
            case "audio/pcmu", "audio/pcma":
                guard rate == 8000 else {
                    throw LiveError.invalidValue(format.path("rate"), "Invalid value: \(rate). G.711 audio uses 8000 Hz.")
                }
                self.format = type == "audio/pcmu" ? .pcmu : .pcma
            default:
                throw LiveError.invalidValue(format.path("type"), type, supported: ["audio/pcm", "audio/pcmu", "audio/pcma"])
            }
        }
        if let output = try audio.fields("output") {
            try output.allow(["voice"])
            if let voice = output.value("voice") { self.voice = try Self.readVoice(voice, path: output.path("voice")) }
        }
    }

    private static func readVoice(_ voice: JSONValue, path: String) throws(LiveError) -> JSONValue {
        if let name = voice.stringValue {
            guard voices.contains(name) else { throw LiveError.invalidValue(path, name, supported: voices) }
            return voice
        }
        let custom = try LiveFields(voice, path: path)
        try custom.allow(["id"])
        _ = try custom.requiredString("id")
        return voice
    }

    private static func readInput(_ items: [JSONValue], path: String) throws(LiveError) -> [JSONValue] {
        guard items.count <= inputLimit else {
            throw LiveError.invalidValue(path, "'\(path)' holds \(items.count) messages; at most \(inputLimit) are allowed.")
        }
        for (index, item) in items.enumerated() {
            let message = try LiveFields(item, path: path + "[\(index)]")
            try message.allow(["type", "role", "content", "id", "status"])
            if let type = try message.string("type"), type != "message" {
                throw LiveError.invalidValue(message.path("type"), type, supported: ["message"])
            }
            let role = try message.requiredString("role")
            guard ["developer", "user", "assistant"].contains(role) else {
                throw LiveError.invalidValue(message.path("role"), role, supported: ["developer", "user", "assistant"])
            }
            _ = try message.string("id")
            if let status = try message.string("status"), status != "completed", status != "incomplete" {
                throw LiveError.invalidValue(message.path("status"), status, supported: ["completed", "incomplete"])
            }
            guard let content = try message.array("content"), content.count == 1 else {
                throw LiveError.invalidValue(message.path("content"), "An input message holds exactly one text part.")
            }
            let part = try LiveFields(content[0], path: message.path("content") + "[0]")
            try part.allow(["type", "text"])
            let allowed = role == "assistant" ? ["text", "output_text"] : ["input_text"]
            if let type = try part.string("type"), !allowed.contains(type) {
                throw LiveError.invalidValue(part.path("type"), type, supported: allowed)
            }
            _ = try part.requiredString("text")
        }
        return items
    }

    private static func readTriggers(_ triggers: [JSONValue], path: String) throws(LiveError) -> [JSONValue] {
        var seen: Set<String> = []
        for (index, trigger) in triggers.enumerated() {
            let fields = try LiveFields(trigger, path: path + "[\(index)]")
            try fields.allow(["type", "event_type", "decisions"])
            let type = try fields.requiredString("type")
            guard type == "decisions" else { throw LiveError.invalidValue(fields.path("type"), type, supported: ["decisions"]) }
            let eventType = try fields.requiredString("event_type")
            guard transcriptEvents.contains(eventType) else {
                throw LiveError.invalidValue(fields.path("event_type"), eventType, supported: transcriptEvents)
            }
            guard seen.insert(eventType).inserted else {
                throw LiveError.invalidValue(fields.path("event_type"), "At most one trigger per transcript event type; '\(eventType)' has two.")
            }
            guard let decisions = try fields.fields("decisions") else { throw LiveError.missingParameter(fields.path("decisions")) }
            try decisions.allow(["questions"])
            for (position, question) in (try decisions.array("questions") ?? []).enumerated() {
                _ = try LiveDecisionQuestion.parse(question, path: decisions.path("questions") + "[\(position)]")
            }
        }
        return triggers
    }
}
