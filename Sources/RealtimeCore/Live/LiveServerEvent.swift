/// Every event a GPT-Live server sends on the primary WebSocket, as one typed enum.
///
/// The envelope's ids are in ``LiveServerFrame``. Event types this model does not know decode to
/// `.unknown` with their JSON kept, so a new server event never breaks a session.
public enum LiveServerEvent: Sendable, Equatable {
    /// The session runs, with its resolved configuration.
    case sessionStarted(LiveSessionResource)
    /// A `session.update` was accepted.
    case sessionUpdated(LiveSessionResource)
    /// About 100 ms of the continuous output track (silence included), base64 in the session's format.
    case outputAudioDelta(audio: String, span: LiveSpan?)
    /// A fragment of what the user said, placed on the timeline; there is no "done".
    case inputTranscriptDelta(text: String, span: LiveSpan)
    /// A fragment of what the model said, placed on the timeline; there is no "done".
    case outputTranscriptDelta(text: String, span: LiveSpan)
    case inputAudioMuted
    case inputAudioUnmuted
    /// A context append was placed on the timeline (not: spoken or heard).
    case contextAppended(LiveContextKind, span: LiveSpan)
    case outputAudioFixturePlaying
    case outputAudioFixturePlayed
    /// The model handed off work; metadata only, the task is in the user's words.
    case delegationCreated(LiveDelegationNotice)
    /// An event of a Responses delegation's backend stream, kept as JSON.
    case responseEvent(delegationID: String?, event: JSONValue)
    /// A Decisions result, for a delegation or a transcript trigger.
    case decisionEvent(LiveDecisionNotice)
    case decisionItemCreated(item: JSONValue)
    case decisionItemDeleted(itemID: String)
    /// Billable seconds so far (cumulative: never add them up) and how full the context is.
    case usageUpdated(LiveUsage)
    /// The session ended: why, its last state and its final usage.
    case sessionClosed(reason: String, session: LiveSessionResource, usage: LiveUsage)
    case error(ErrorDetail)
    /// A notice (`data_channel_permissions` under WebRTC).
    case info(code: String, message: String)
    /// An event type this model does not know, with all its members.
    case unknown(type: String, members: JSONObject)

    /// The wire type.
    public var typeName: String {
        switch self {
        case .sessionStarted: "session.started"
        case .sessionUpdated: "session.updated"
        case .outputAudioDelta: "session.output_audio.delta"
        case .inputTranscriptDelta: "session.input_transcript.delta"
        case .outputTranscriptDelta: "session.output_transcript.delta"
        case .inputAudioMuted: "session.input_audio.muted"
        case .inputAudioUnmuted: "session.input_audio.unmuted"
        case .contextAppended(let kind, _): kind.serverEventType
        case .outputAudioFixturePlaying: "session.output_audio.fixture.playing"
        case .outputAudioFixturePlayed: "session.output_audio.fixture.played"
        case .delegationCreated: "session.delegation.created"
        case .responseEvent: "response.event"
        case .decisionEvent: "decision.event"
        case .decisionItemCreated: "decision.item.created"
        case .decisionItemDeleted: "decision.item.deleted"
        case .usageUpdated: "session.usage.updated"
        case .sessionClosed: "session.closed"
        case .error: "error"
        case .info: "info"
        case .unknown(let type, _): type
        }
    }

    /// The event's own members (the envelope's ids are added by ``LiveServerFrame``).
    var members: JSONObject {
        var object: JSONObject = ["type": .string(typeName)]
        switch self {
        case .sessionStarted(let session), .sessionUpdated(let session):
            object["session"] = session.json
        case .outputAudioDelta(let audio, let span):
            object["delta"] = .string(audio)
            span?.write(into: &object)
        case .inputTranscriptDelta(let text, let span), .outputTranscriptDelta(let text, let span):
            object["delta"] = .string(text)
            span.write(into: &object)
        case .contextAppended(_, let span):
            span.write(into: &object)
        case .delegationCreated(let notice):
            var delegation: JSONObject = ["id": .string(notice.id), "type": "delegation", "target": .string(notice.target)]
            delegation["response_id"] = notice.responseID.map(JSONValue.string)
            object["delegation"] = .object(delegation)
            object["offset_ms"] = .int(notice.offsetMs)
        case .responseEvent(let delegationID, let event):
            object["delegation_id"] = delegationID.map(JSONValue.string)
            object["event"] = event
        case .decisionEvent(let notice):
            object["delegation_id"] = .optionalString(notice.delegationID)
            object["event"] = notice.event
            object["trigger_id"] = notice.triggerID.map(JSONValue.string)
            object["source_event_id"] = notice.sourceEventID.map(JSONValue.string)
            object["source_event_type"] = notice.sourceEventType.map(JSONValue.string)
        case .decisionItemCreated(let item):
            object["item"] = item
        case .decisionItemDeleted(let itemID):
            object["item_id"] = .string(itemID)
        case .usageUpdated(let usage):
            usage.write(into: &object)
        case .sessionClosed(let reason, let session, let usage):
            object["reason"] = .string(reason)
            object["session"] = session.json
            object["usage"] = usage.usageJSON
        case .error(let detail):
            var error: JSONObject = ["type": .string(detail.type), "code": .optionalString(detail.code), "message": .string(detail.message)]
            error["param"] = detail.param.map(JSONValue.string)
            error["client_event_id"] = detail.eventID.map(JSONValue.string)
            object["error"] = .object(error)
        case .info(let code, let message):
            object["code"] = .string(code)
            object["message"] = .string(message)
        case .unknown(_, let members):
            for member in members where member.key != "type" { object[member.key] = member.value }
        case .inputAudioMuted, .inputAudioUnmuted, .outputAudioFixturePlaying, .outputAudioFixturePlayed:
            break
        }
        return object
    }

    /// Reads an event's own members.
    static func decode(type: String, _ r: JSONReader) throws(ProtocolError) -> LiveServerEvent {
        switch type {
        case "session.started": return .sessionStarted(try LiveSessionResource(r.object("session")))
        case "session.updated": return .sessionUpdated(try LiveSessionResource(r.object("session")))
        case "session.output_audio.delta": return .outputAudioDelta(audio: try r.string("delta"), span: try LiveSpan(optional: r))
        case "session.input_transcript.delta": return .inputTranscriptDelta(text: try r.string("delta"), span: try LiveSpan(r))
        case "session.output_transcript.delta": return .outputTranscriptDelta(text: try r.string("delta"), span: try LiveSpan(r))
        case "session.input_audio.muted": return .inputAudioMuted
        case "session.input_audio.unmuted": return .inputAudioUnmuted
        case "session.output_audio.fixture.playing": return .outputAudioFixturePlaying
        case "session.output_audio.fixture.played": return .outputAudioFixturePlayed
        case "session.delegation.created": return .delegationCreated(try LiveDelegationNotice(r))
        case "response.event":
            guard let event = r.raw("event"), case .object = event else { throw r.invalid("event", "expected the backend's event object") }
            return .responseEvent(delegationID: try r.optionalString("delegation_id"), event: event)
        case "decision.event": return .decisionEvent(try LiveDecisionNotice(r))
        case "decision.item.created": return .decisionItemCreated(item: .object(try r.object("item").object))
        case "decision.item.deleted": return .decisionItemDeleted(itemID: try r.string("item_id"))
        case "session.usage.updated": return .usageUpdated(try LiveUsage(event: r))
        case "session.closed":
            return .sessionClosed(
                reason: try r.string("reason"), session: try LiveSessionResource(r.object("session")), usage: try LiveUsage(r.object("usage")))
        case "error":
            let error = try r.object("error")
            let answered = try error.optionalString("client_event_id")
            let envelope = try r.optionalString("client_event_id")
            return .error(
                ErrorDetail(
                    type: try error.optionalString("type") ?? "", code: try error.optionalString("code"),
                    message: try error.optionalString("message") ?? "", param: try error.optionalString("param"),
                    eventID: answered ?? envelope))
        case "info": return .info(code: try r.string("code"), message: try r.string("message"))
        default:
            if let kind = LiveContextKind.allCases.first(where: { $0.serverEventType == type }) {
                return .contextAppended(kind, span: try LiveSpan(r))
            }
            var members = r.object
            for envelope in ["event_id", "client_event_id"] { members[envelope] = nil }
            return .unknown(type: type, members: members)
        }
    }
}

/// A server event with its envelope: its own `event_id` and the client event it answers.
public struct LiveServerFrame: Sendable, Equatable {
    public var event: LiveServerEvent
    /// The server's id of this event (absent on the primary socket's audio deltas).
    public var eventID: String?
    /// The `event_id` of the client event this answers, when the client gave one.
    public var clientEventID: String?

    /// Creates a frame.
    public init(_ event: LiveServerEvent, eventID: String? = nil, clientEventID: String? = nil) {
        self.event = event
        self.eventID = eventID
        self.clientEventID = clientEventID
    }

    /// The wire JSON.
    public var json: JSONValue {
        var object = event.members
        object["event_id"] = eventID.map(JSONValue.string)
        object["client_event_id"] = clientEventID.map(JSONValue.string)
        return .object(object)
    }

    /// Reads a frame.
    public static func decode(json: JSONValue) throws(ProtocolError) -> LiveServerFrame {
        guard case .object(let object) = json, let type = object["type"]?.stringValue else {
            throw ProtocolError(.notAnEvent, message: "expected a JSON object with a string \"type\"")
        }
        let r = JSONReader(object, eventType: type)
        return LiveServerFrame(
            try LiveServerEvent.decode(type: type, r), eventID: try r.optionalString("event_id"),
            clientEventID: try r.optionalString("client_event_id"))
    }
}
