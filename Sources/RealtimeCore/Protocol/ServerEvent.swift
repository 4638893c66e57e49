/// Every event a Realtime server sends, in either dialect, as one typed enum.
///
/// Renamed events share a case (`response.output_audio.delta` in GA is `response.audio.delta` in beta):
/// decoding accepts both spellings, encoding writes the dialect's. Event types this model does not
/// know decode to `.unknown` with their JSON kept, so a new server event never breaks a session.
public enum ServerEvent: Sendable, Equatable {
    case error(ErrorEvent)
    case sessionCreated(SessionEvent)
    case sessionUpdated(SessionEvent)
    /// Beta only.
    case transcriptionSessionUpdated(JSONPayloadEvent)
    case conversationCreated(JSONPayloadEvent)
    /// Beta's item event; GA servers send `itemAdded` and `itemDone` instead.
    case itemCreated(ItemEvent)
    case itemAdded(ItemEvent)
    case itemDone(ItemEvent)
    case itemRetrieved(ItemEvent)
    case itemTruncated(ItemTruncatedEvent)
    case itemDeleted(ItemIDEvent)
    case transcriptionDelta(TranscriptionDeltaEvent)
    case transcriptionCompleted(TranscriptionCompletedEvent)
    case transcriptionFailed(TranscriptionFailedEvent)
    case transcriptionSegment(TranscriptionSegmentEvent)
    case speechStarted(SpeechEvent)
    case speechStopped(SpeechEvent)
    case bufferCommitted(BufferCommittedEvent)
    case bufferCleared
    case timeoutTriggered(TimeoutTriggeredEvent)
    case dtmfReceived(DTMFEvent)
    case outputAudioBufferStarted(ResponseIDEvent)
    case outputAudioBufferStopped(ResponseIDEvent)
    case outputAudioBufferCleared(ResponseIDEvent)
    case responseCreated(ResponseEvent)
    case responseDone(ResponseEvent)
    case outputItemAdded(OutputItemEvent)
    case outputItemDone(OutputItemEvent)
    case contentPartAdded(ContentPartEvent)
    case contentPartDone(ContentPartEvent)
    case outputTextDelta(ContentDeltaEvent)
    case outputTextDone(ContentDoneEvent)
    case outputAudioDelta(ContentDeltaEvent)
    case outputAudioDone(ContentDoneEvent)
    case outputAudioTranscriptDelta(ContentDeltaEvent)
    case outputAudioTranscriptDone(ContentDoneEvent)
    case functionCallArgumentsDelta(FunctionArgumentsDeltaEvent)
    case functionCallArgumentsDone(FunctionArgumentsDoneEvent)
    case rateLimitsUpdated(RateLimitsEvent)
    /// GA MCP events, by wire type.
    case mcp(type: String, MCPEvent)
    /// An event type this model does not know, with all its members.
    case unknown(type: String, members: JSONObject)

    /// The wire type in a dialect.
    public func typeName(_ dialect: Dialect) -> String {
        let ga = dialect == .ga
        switch self {
        case .error: return "error"
        case .sessionCreated: return "session.created"
        case .sessionUpdated: return "session.updated"
        case .transcriptionSessionUpdated: return "transcription_session.updated"
        case .conversationCreated: return "conversation.created"
        case .itemCreated: return "conversation.item.created"
        case .itemAdded: return "conversation.item.added"
        case .itemDone: return "conversation.item.done"
        case .itemRetrieved: return "conversation.item.retrieved"
        case .itemTruncated: return "conversation.item.truncated"
        case .itemDeleted: return "conversation.item.deleted"
        case .transcriptionDelta: return "conversation.item.input_audio_transcription.delta"
        case .transcriptionCompleted: return "conversation.item.input_audio_transcription.completed"
        case .transcriptionFailed: return "conversation.item.input_audio_transcription.failed"
        case .transcriptionSegment: return "conversation.item.input_audio_transcription.segment"
        case .speechStarted: return "input_audio_buffer.speech_started"
        case .speechStopped: return "input_audio_buffer.speech_stopped"
        case .bufferCommitted: return "input_audio_buffer.committed"
        case .bufferCleared: return "input_audio_buffer.cleared"
        case .timeoutTriggered: return "input_audio_buffer.timeout_triggered"
        case .dtmfReceived: return "input_audio_buffer.dtmf_event_received"
        case .outputAudioBufferStarted: return "output_audio_buffer.started"
        case .outputAudioBufferStopped: return "output_audio_buffer.stopped"
        case .outputAudioBufferCleared: return "output_audio_buffer.cleared"
        case .responseCreated: return "response.created"
        case .responseDone: return "response.done"
        case .outputItemAdded: return "response.output_item.added"
        case .outputItemDone: return "response.output_item.done"
        case .contentPartAdded: return "response.content_part.added"
        case .contentPartDone: return "response.content_part.done"
        case .outputTextDelta: return ga ? "response.output_text.delta" : "response.text.delta"
        case .outputTextDone: return ga ? "response.output_text.done" : "response.text.done"
        case .outputAudioDelta: return ga ? "response.output_audio.delta" : "response.audio.delta"
        case .outputAudioDone: return ga ? "response.output_audio.done" : "response.audio.done"
        case .outputAudioTranscriptDelta: return ga ? "response.output_audio_transcript.delta" : "response.audio_transcript.delta"
        case .outputAudioTranscriptDone: return ga ? "response.output_audio_transcript.done" : "response.audio_transcript.done"
        case .functionCallArgumentsDelta: return "response.function_call_arguments.delta"
        case .functionCallArgumentsDone: return "response.function_call_arguments.done"
        case .rateLimitsUpdated: return "rate_limits.updated"
        case .mcp(let type, _): return type
        case .unknown(let type, _): return type
        }
    }

    /// The event as a JSON object in a dialect, with `event_id` when given.
    public func json(_ dialect: Dialect, eventID: String?) -> JSONValue {
        var o: JSONObject = ["type": .string(typeName(dialect))]
        if let eventID, !isDTMF { o["event_id"] = .string(eventID) }
        switch self {
        case .error(let p): p.write(&o, dialect)
        case .sessionCreated(let p), .sessionUpdated(let p): p.write(&o, dialect)
        case .transcriptionSessionUpdated(let p), .conversationCreated(let p): p.write(&o, dialect)
        case .itemCreated(let p), .itemAdded(let p), .itemDone(let p): p.write(&o, dialect)
        case .itemRetrieved(let p): o["item"] = p.item.json(dialect, includeObject: true)
        case .itemTruncated(let p): p.write(&o, dialect)
        case .itemDeleted(let p): p.write(&o, dialect)
        case .transcriptionDelta(let p): p.write(&o, dialect)
        case .transcriptionCompleted(let p): p.write(&o, dialect)
        case .transcriptionFailed(let p): p.write(&o, dialect)
        case .transcriptionSegment(let p): p.write(&o, dialect)
        case .speechStarted(let p): p.write(&o, key: "audio_start_ms")
        case .speechStopped(let p): p.write(&o, key: "audio_end_ms")
        case .bufferCommitted(let p): p.write(&o, dialect)
        case .bufferCleared: break
        case .timeoutTriggered(let p): p.write(&o, dialect)
        case .dtmfReceived(let p): p.write(&o, dialect)
        case .outputAudioBufferStarted(let p), .outputAudioBufferStopped(let p), .outputAudioBufferCleared(let p): p.write(&o, dialect)
        case .responseCreated(let p), .responseDone(let p): p.write(&o, dialect)
        case .outputItemAdded(let p), .outputItemDone(let p): p.write(&o, dialect)
        case .contentPartAdded(let p), .contentPartDone(let p): p.write(&o, dialect)
        case .outputTextDelta(let p), .outputAudioDelta(let p), .outputAudioTranscriptDelta(let p): p.write(&o, dialect)
        case .outputTextDone(let p): p.write(&o, key: "text")
        case .outputAudioDone(let p): p.write(&o, key: nil)
        case .outputAudioTranscriptDone(let p): p.write(&o, key: "transcript")
        case .functionCallArgumentsDelta(let p): p.write(&o, dialect)
        case .functionCallArgumentsDone(let p): p.write(&o, dialect)
        case .rateLimitsUpdated(let p): p.write(&o, dialect)
        case .mcp(_, let p): p.write(&o, dialect)
        case .unknown(_, let members): for m in members where m.key != "type" { o[m.key] = m.value }
        }
        return .object(o)
    }

    /// The event as compact JSON text.
    public func encoded(_ dialect: Dialect, eventID: String?) -> String {
        JSONWriter.compact(json(dialect, eventID: eventID))
    }

    private var isDTMF: Bool {
        if case .dtmfReceived = self { return true }
        return false
    }

    /// Decodes wire text. `dialect` decides the session shape; event names of both dialects are accepted.
    public static func decode(_ text: String, dialect: Dialect) throws(ProtocolError) -> ServerEvent {
        try decode(json: parse(text), dialect: dialect)
    }

    /// Decodes an already parsed JSON value.
    public static func decode(json: JSONValue, dialect: Dialect) throws(ProtocolError) -> ServerEvent {
        guard case .object(let object) = json, case .string(let type)? = object["type"] else {
            throw ProtocolError(.notAnEvent, message: "expected a JSON object with a string \"type\"")
        }
        let r = JSONReader(object, eventType: type)
        switch type {
        case "error": return .error(try ErrorEvent(r))
        case "session.created": return .sessionCreated(try SessionEvent(r, dialect))
        case "session.updated": return .sessionUpdated(try SessionEvent(r, dialect))
        case "transcription_session.updated": return .transcriptionSessionUpdated(JSONPayloadEvent(r))
        case "conversation.created": return .conversationCreated(JSONPayloadEvent(r))
        case "conversation.item.created": return .itemCreated(try ItemEvent(r))
        case "conversation.item.added": return .itemAdded(try ItemEvent(r))
        case "conversation.item.done": return .itemDone(try ItemEvent(r))
        case "conversation.item.retrieved": return .itemRetrieved(try ItemEvent(r))
        case "conversation.item.truncated": return .itemTruncated(try ItemTruncatedEvent(r))
        case "conversation.item.deleted": return .itemDeleted(try ItemIDEvent(r))
        case "conversation.item.input_audio_transcription.delta": return .transcriptionDelta(try TranscriptionDeltaEvent(r))
        case "conversation.item.input_audio_transcription.completed": return .transcriptionCompleted(try TranscriptionCompletedEvent(r))
        case "conversation.item.input_audio_transcription.failed": return .transcriptionFailed(try TranscriptionFailedEvent(r))
        case "conversation.item.input_audio_transcription.segment": return .transcriptionSegment(try TranscriptionSegmentEvent(r))
        case "input_audio_buffer.speech_started": return .speechStarted(try SpeechEvent(r, key: "audio_start_ms"))
        case "input_audio_buffer.speech_stopped": return .speechStopped(try SpeechEvent(r, key: "audio_end_ms"))
        case "input_audio_buffer.committed": return .bufferCommitted(try BufferCommittedEvent(r))
        case "input_audio_buffer.cleared": return .bufferCleared
        case "input_audio_buffer.timeout_triggered": return .timeoutTriggered(try TimeoutTriggeredEvent(r))
        case "input_audio_buffer.dtmf_event_received": return .dtmfReceived(try DTMFEvent(r))
        case "output_audio_buffer.started": return .outputAudioBufferStarted(try ResponseIDEvent(r))
        case "output_audio_buffer.stopped": return .outputAudioBufferStopped(try ResponseIDEvent(r))
        case "output_audio_buffer.cleared": return .outputAudioBufferCleared(try ResponseIDEvent(r))
        case "response.created": return .responseCreated(try ResponseEvent(r))
        case "response.done": return .responseDone(try ResponseEvent(r))
        case "response.output_item.added": return .outputItemAdded(try OutputItemEvent(r))
        case "response.output_item.done": return .outputItemDone(try OutputItemEvent(r))
        case "response.content_part.added": return .contentPartAdded(try ContentPartEvent(r))
        case "response.content_part.done": return .contentPartDone(try ContentPartEvent(r))
        case "response.output_text.delta", "response.text.delta": return .outputTextDelta(try ContentDeltaEvent(r))
        case "response.output_text.done", "response.text.done": return .outputTextDone(try ContentDoneEvent(r, key: "text"))
        case "response.output_audio.delta", "response.audio.delta": return .outputAudioDelta(try ContentDeltaEvent(r))
        case "response.output_audio.done", "response.audio.done": return .outputAudioDone(try ContentDoneEvent(r, key: nil))
        case "response.output_audio_transcript.delta", "response.audio_transcript.delta":
            return .outputAudioTranscriptDelta(try ContentDeltaEvent(r))
        case "response.output_audio_transcript.done", "response.audio_transcript.done":
            return .outputAudioTranscriptDone(try ContentDoneEvent(r, key: "transcript"))
        case "response.function_call_arguments.delta": return .functionCallArgumentsDelta(try FunctionArgumentsDeltaEvent(r))
        case "response.function_call_arguments.done": return .functionCallArgumentsDone(try FunctionArgumentsDoneEvent(r))
        case "rate_limits.updated": return .rateLimitsUpdated(try RateLimitsEvent(r))
        default:
            if type.hasPrefix("mcp_list_tools.") || type.hasPrefix("response.mcp_call") { return .mcp(type: type, try MCPEvent(r)) }
            var members = object
            members["event_id"] = nil
            return .unknown(type: type, members: members)
        }
    }

    /// Parses wire text as JSON, mapping JSON errors to `ProtocolError`.
    public static func parse(_ text: String) throws(ProtocolError) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw ProtocolError(.invalidJSON, message: error.description)
        }
    }
}
