/// Every event a GPT-Live client sends on the primary WebSocket, as one typed enum.
///
/// No event creates, cancels or truncates the voice model's speech: the server owns turn-taking.
/// `response.*` events drive only a Responses delegation's backend.
public enum LiveClientEvent: Sendable, Equatable {
    /// The first event of a session.
    case sessionStart(LiveSessionConfig)
    /// Changes the delegation's settings (same type) or the triggers.
    case sessionUpdate(delegation: LiveDelegation?, triggers: [JSONValue]?)
    /// Base64 audio in the session's format; sent continuously, silence included.
    case inputAudioAppend(audio: String)
    /// The model hears silence until unmuted (the input keeps flowing).
    case inputAudioMute
    case inputAudioUnmute
    /// Pre-recorded PCM16 24 kHz audio played into the output (base64).
    case outputAudioFixturePlay(audio: String)
    /// Context placed on the timeline: trusted instructions, silent thinking, or speakable commentary.
    case contextAppend(LiveContextKind, content: String, delegationID: String?)
    /// Responses delegation: an item for the backend (a `function_call_output`, a user message).
    case responseItemCreate(item: JSONValue)
    /// Responses delegation: run or continue the backend.
    case responseCreate
    /// Evaluate the configured Decisions questions now.
    case decisionCreate
    case decisionItemCreate(item: JSONValue)
    case decisionItemDelete(itemID: String)
    /// Graceful end: the server drains and answers `session.closed`.
    case sessionClose

    /// The wire type.
    public var typeName: String {
        switch self {
        case .sessionStart: "session.start"
        case .sessionUpdate: "session.update"
        case .inputAudioAppend: "session.input_audio.append"
        case .inputAudioMute: "session.input_audio.mute"
        case .inputAudioUnmute: "session.input_audio.unmute"
        case .outputAudioFixturePlay: "session.output_audio.fixture.play"
        case .contextAppend(let kind, _, _): kind.clientEventType
        case .responseItemCreate: "response.item.create"
        case .responseCreate: "response.create"
        case .decisionCreate: "decision.create"
        case .decisionItemCreate: "decision.item.create"
        case .decisionItemDelete: "decision.item.delete"
        case .sessionClose: "session.close"
        }
    }

    /// The wire JSON with its `event_id`.
    public func json(eventID: String) -> JSONValue {
        var object: JSONObject = ["type": .string(typeName)]
        switch self {
        case .sessionStart(let config):
            object["session"] = config.json
        case .sessionUpdate(let delegation, let triggers):
            var session = JSONObject()
            session["delegation"] = delegation?.json
            session["triggers"] = triggers.map(JSONValue.array)
            object["session"] = .object(session)
        case .inputAudioAppend(let audio), .outputAudioFixturePlay(let audio):
            object["audio"] = .string(audio)
        case .contextAppend(_, let content, let delegationID):
            object["content"] = .string(content)
            object["delegation_id"] = .optionalString(delegationID)
        case .responseItemCreate(let item), .decisionItemCreate(let item):
            object["item"] = item
        case .decisionItemDelete(let itemID):
            object["item_id"] = .string(itemID)
        case .inputAudioMute, .inputAudioUnmute, .responseCreate, .decisionCreate, .sessionClose:
            break
        }
        object["event_id"] = .string(eventID)
        return .object(object)
    }

    /// The wire text of an audio append, written directly (the hot path: one per microphone frame).
    public static func appendText(base64Audio: String, eventID: String) -> String {
        #"{"type":"session.input_audio.append","audio":""# + base64Audio + #"","event_id":""# + eventID + #""}"#
    }

    /// Reads a client event and its `event_id`.
    public static func decode(json: JSONValue) throws(ProtocolError) -> (event: LiveClientEvent, eventID: String?) {
        let r = try JSONReader(value: json, path: "", eventType: nil)
        let type = try r.string("type")
        let event = JSONReader(r.object, eventType: type)
        let eventID = try event.optionalString("event_id")
        switch type {
        case "session.start":
            return (.sessionStart(try LiveSessionConfig(event.object("session"))), eventID)
        case "session.update":
            let session = try event.object("session")
            let delegation = try session.raw("delegation").map { (value: JSONValue) throws(ProtocolError) in
                try LiveDelegation(json: value, path: "session.delegation", eventType: type)
            }
            let triggers = try session.optionalArray("triggers") { t throws(ProtocolError) in JSONValue.object(t.object) }
            return (.sessionUpdate(delegation: delegation, triggers: triggers), eventID)
        case "session.input_audio.append":
            return (.inputAudioAppend(audio: try event.string("audio")), eventID)
        case "session.input_audio.mute":
            return (.inputAudioMute, eventID)
        case "session.input_audio.unmute":
            return (.inputAudioUnmute, eventID)
        case "session.output_audio.fixture.play":
            return (.outputAudioFixturePlay(audio: try event.string("audio")), eventID)
        case "response.item.create":
            return (.responseItemCreate(item: .object(try event.object("item").object)), eventID)
        case "response.create":
            return (.responseCreate, eventID)
        case "decision.create":
            return (.decisionCreate, eventID)
        case "decision.item.create":
            return (.decisionItemCreate(item: .object(try event.object("item").object)), eventID)
        case "decision.item.delete":
            return (.decisionItemDelete(itemID: try event.string("item_id")), eventID)
        case "session.close":
            return (.sessionClose, eventID)
        default:
            guard let kind = LiveContextKind.allCases.first(where: { $0.clientEventType == type }) else {
                throw ProtocolError(.invalidField, eventType: type, path: "type", message: "'\(type)' is not a GPT-Live client event")
            }
            return (.contextAppend(kind, content: try event.string("content"), delegationID: try event.optionalString("delegation_id")), eventID)
        }
    }
}

/// The three kinds of context a GPT-Live client places on the session's timeline.
public enum LiveContextKind: String, Sendable, Equatable, CaseIterable {
    /// Trusted instructions that extend the start instructions.
    case instructions
    /// Silent context: progress of delegated work (not a secrecy boundary).
    case thinking
    /// Speakable context: the model paraphrases it aloud (a delegated result).
    case commentary

    /// The client event that appends it.
    public var clientEventType: String { "session.\(rawValue).append" }
    /// The server event that acknowledges it.
    public var serverEventType: String { "session.\(rawValue).appended" }
}
