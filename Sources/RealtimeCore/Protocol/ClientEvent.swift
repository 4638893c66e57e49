/// Every event a Realtime client sends, in either dialect, as one typed enum.
///
/// The names are the same in both dialects; the payload shapes (session, items) differ and are
/// written per dialect. Unknown event types decode to `.unknown` with their JSON kept.
public enum ClientEvent: Sendable, Equatable {
    case sessionUpdate(SessionObject)
    /// Beta only: the payload kept as JSON.
    case transcriptionSessionUpdate(JSONObject)
    /// Base64 PCM audio for the input buffer.
    case inputAudioBufferAppend(audio: String)
    case inputAudioBufferCommit
    case inputAudioBufferClear
    /// WebRTC/SIP only; over WebSocket the server rejects it.
    case outputAudioBufferClear
    case itemCreate(item: ConversationItem, previousItemID: String?)
    case itemRetrieve(itemID: String)
    case itemTruncate(itemID: String, contentIndex: Int, audioEndMs: Int)
    case itemDelete(itemID: String)
    case responseCreate(ResponseParameters?)
    case responseCancel(responseID: String?)
    /// An event type this model does not know, with all its members.
    case unknown(type: String, members: JSONObject)

    /// The wire type.
    public var typeName: String {
        switch self {
        case .sessionUpdate: "session.update"
        case .transcriptionSessionUpdate: "transcription_session.update"
        case .inputAudioBufferAppend: "input_audio_buffer.append"
        case .inputAudioBufferCommit: "input_audio_buffer.commit"
        case .inputAudioBufferClear: "input_audio_buffer.clear"
        case .outputAudioBufferClear: "output_audio_buffer.clear"
        case .itemCreate: "conversation.item.create"
        case .itemRetrieve: "conversation.item.retrieve"
        case .itemTruncate: "conversation.item.truncate"
        case .itemDelete: "conversation.item.delete"
        case .responseCreate: "response.create"
        case .responseCancel: "response.cancel"
        case .unknown(let type, _): type
        }
    }

    /// The event as a JSON object in a dialect, with `event_id` when given.
    public func json(_ dialect: Dialect, eventID: String?) -> JSONValue {
        var o: JSONObject = ["type": .string(typeName)]
        if let eventID { o["event_id"] = .string(eventID) }
        switch self {
        case .sessionUpdate(let session): o["session"] = session.json(dialect)
        case .transcriptionSessionUpdate(let session): o["session"] = .object(session)
        case .inputAudioBufferAppend(let audio): o["audio"] = .string(audio)
        case .inputAudioBufferCommit, .inputAudioBufferClear, .outputAudioBufferClear: break
        case .itemCreate(let item, let previousItemID):
            if let previousItemID { o["previous_item_id"] = .string(previousItemID) }
            o["item"] = item.json(dialect)
        case .itemRetrieve(let itemID), .itemDelete(let itemID): o["item_id"] = .string(itemID)
        case .itemTruncate(let itemID, let contentIndex, let audioEndMs):
            o["item_id"] = .string(itemID)
            o["content_index"] = .int(contentIndex)
            o["audio_end_ms"] = .int(audioEndMs)
        case .responseCreate(let parameters): if let parameters { o["response"] = parameters.json(dialect) }
        case .responseCancel(let responseID): if let responseID { o["response_id"] = .string(responseID) }
        case .unknown(_, let members): for m in members where m.key != "type" && m.key != "event_id" { o[m.key] = m.value }
        }
        return .object(o)
    }

    /// The event as compact JSON text.
    public func encoded(_ dialect: Dialect, eventID: String?) -> String {
        JSONWriter.compact(json(dialect, eventID: eventID))
    }

    /// The wire text of an append event, built without a JSON tree (the hot path: 50 per second).
    public static func appendText(base64Audio: String, eventID: String?) -> String {
        var text = "{\"type\":\"input_audio_buffer.append\","
        if let eventID {
            text += "\"event_id\":"
            JSONWriter.writeString(eventID, into: &text)
            text += ","
        }
        text += "\"audio\":\""
        text += base64Audio
        text += "\"}"
        return text
    }

    /// A decoded client event with its `event_id`.
    public struct Decoded: Sendable, Equatable {
        public var event: ClientEvent
        public var eventID: String?
    }

    /// Decodes wire text in a dialect (the session and item shapes follow it).
    public static func decode(_ text: String, dialect: Dialect) throws(ProtocolError) -> Decoded {
        try decode(json: ServerEvent.parse(text), dialect: dialect)
    }

    /// Decodes a parsed JSON value in a dialect.
    public static func decode(json: JSONValue, dialect: Dialect) throws(ProtocolError) -> Decoded {
        guard case .object(let object) = json, case .string(let type)? = object["type"] else {
            throw ProtocolError(.notAnEvent, message: "expected a JSON object with a string \"type\"")
        }
        let r = JSONReader(object, eventType: type)
        let eventID = try r.optionalString("event_id")
        let event: ClientEvent
        switch type {
        case "session.update": event = .sessionUpdate(try SessionObject(r.object("session"), dialect: dialect))
        case "transcription_session.update": event = .transcriptionSessionUpdate(try r.object("session").object)
        case "input_audio_buffer.append": event = .inputAudioBufferAppend(audio: try r.string("audio"))
        case "input_audio_buffer.commit": event = .inputAudioBufferCommit
        case "input_audio_buffer.clear": event = .inputAudioBufferClear
        case "output_audio_buffer.clear": event = .outputAudioBufferClear
        case "conversation.item.create":
            event = .itemCreate(item: try ConversationItem(r.object("item")), previousItemID: try r.optionalString("previous_item_id"))
        case "conversation.item.retrieve": event = .itemRetrieve(itemID: try r.string("item_id"))
        case "conversation.item.truncate":
            event = .itemTruncate(itemID: try r.string("item_id"), contentIndex: try r.int("content_index"), audioEndMs: try r.int("audio_end_ms"))
        case "conversation.item.delete": event = .itemDelete(itemID: try r.string("item_id"))
        case "response.create":
            event = .responseCreate(try r.optionalObject("response").map { (p: JSONReader) throws(ProtocolError) in try ResponseParameters(p) })
        case "response.cancel": event = .responseCancel(responseID: try r.optionalString("response_id"))
        default:
            var members = object
            members["event_id"] = nil
            event = .unknown(type: type, members: members)
        }
        return Decoded(event: event, eventID: eventID)
    }
}
