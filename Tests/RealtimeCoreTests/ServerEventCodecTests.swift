import Testing

@testable import RealtimeCore

/// One sample of every server event, for round trips in both dialects.
enum ServerEventSamples {
    static let location = ContentLocation(responseID: "resp_1", itemID: "item_2", outputIndex: 0, contentIndex: 0)

    static var session: SessionObject {
        var config = SessionConfig()
        config.tools = [ToolDefinition(name: "get_weather", description: "Weather", parameters: ["type": "object", "properties": [:]])]
        return config.sessionObject(for: .ga)
    }

    static func all(_ dialect: Dialect) -> [ServerEvent] {
        var session = dialect == .ga ? SessionConfig().sessionObject(for: .ga) : SessionConfig().sessionObject(for: .beta)
        session.id = "sess_1"
        session.object = "realtime.session"
        var usage = Usage()
        usage.inputTokens = 10
        usage.outputTokens = 20
        usage.totalTokens = 30
        usage.inputAudioTokens = 8
        usage.inputTextTokens = 2
        usage.outputAudioTokens = 15
        usage.outputTextTokens = 5
        let assistant = ConversationItem(id: "item_2", role: .assistant, status: .inProgress, content: [])
        let user = ConversationItem(
            id: "item_1", role: .user, status: .completed,
            content: [ContentPart(kind: .inputAudio, transcript: nil)])
        let response = ResponseObject(
            id: "resp_1", status: .completed, output: [assistant], conversationID: "conv_1",
            modalities: dialect == .ga ? ["audio"] : ["audio", "text"], voice: "alloy", outputFormat: .pcm24k,
            temperature: dialect == .beta ? 0.8 : nil, usage: usage, metadata: ["k": "v"])
        var events: [ServerEvent] = [
            .error(
                ErrorEvent(
                    error: ErrorDetail(
                        code: "unknown_parameter", message: "Unknown parameter: 'session.temperature'.",
                        param: "session.temperature", eventID: "rtc_1"))),
            .sessionCreated(SessionEvent(session: session)),
            .sessionUpdated(SessionEvent(session: session)),
            .conversationCreated(JSONPayloadEvent(members: ["conversation": ["id": "conv_1", "object": "realtime.conversation"]])),
            .itemCreated(ItemEvent(item: user, previousItemID: .null)),
            .itemRetrieved(
                ItemEvent(
                    item: ConversationItem(
                        id: "item_2", role: .assistant, status: .completed,
                        content: [ContentPart(kind: .audio, audio: "AAAA", transcript: "Hi")]))),
            .itemTruncated(ItemTruncatedEvent(itemID: "item_2", contentIndex: 0, audioEndMs: 1500)),
            .itemDeleted(ItemIDEvent(itemID: "item_2")),
            .transcriptionDelta(TranscriptionDeltaEvent(itemID: "item_1", contentIndex: 0, delta: "Hel")),
            .transcriptionCompleted(
                TranscriptionCompletedEvent(
                    itemID: "item_1", transcript: "Hello",
                    usage: ["type": "duration", "seconds": 1.5])),
            .transcriptionFailed(
                TranscriptionFailedEvent(
                    itemID: "item_1",
                    error: ErrorDetail(
                        type: "transcription_error",
                        code: "audio_unintelligible", message: "bad"))),
            .speechStarted(SpeechEvent(itemID: "item_1", audioMs: 300)),
            .speechStopped(SpeechEvent(itemID: "item_1", audioMs: 1800)),
            .bufferCommitted(BufferCommittedEvent(itemID: "item_1", previousItemID: nil)),
            .bufferCleared,
            .outputAudioBufferStarted(ResponseIDEvent(responseID: "resp_1")),
            .outputAudioBufferStopped(ResponseIDEvent(responseID: "resp_1")),
            .outputAudioBufferCleared(ResponseIDEvent(responseID: "resp_1")),
            .responseCreated(ResponseEvent(response: ResponseObject(id: "resp_1", status: .inProgress))),
            .responseDone(ResponseEvent(response: response)),
            .outputItemAdded(OutputItemEvent(responseID: "resp_1", outputIndex: 0, item: assistant)),
            .outputItemDone(OutputItemEvent(responseID: "resp_1", outputIndex: 0, item: assistant)),
            .contentPartAdded(ContentPartEvent(location: location, part: ContentPart(kind: .audio, transcript: ""))),
            .contentPartDone(ContentPartEvent(location: location, part: ContentPart(kind: .text, text: "Hi there"))),
            .outputTextDelta(ContentDeltaEvent(location: location, delta: "Hi")),
            .outputTextDone(ContentDoneEvent(location: location, value: "Hi there")),
            .outputAudioDelta(ContentDeltaEvent(location: location, delta: "AAECAw==")),
            .outputAudioDone(ContentDoneEvent(location: location, value: nil)),
            .outputAudioTranscriptDelta(ContentDeltaEvent(location: location, delta: "Hi")),
            .outputAudioTranscriptDone(ContentDoneEvent(location: location, value: "Hi there")),
            .functionCallArgumentsDelta(
                FunctionArgumentsDeltaEvent(
                    responseID: "resp_1", itemID: "item_3", outputIndex: 0, callID: "call_1",
                    delta: "{\"ci")),
            .functionCallArgumentsDone(
                FunctionArgumentsDoneEvent(
                    responseID: "resp_1", itemID: "item_3", outputIndex: 0, callID: "call_1",
                    arguments: "{\"city\":\"Oslo\"}", name: dialect == .ga ? "get_weather" : nil)),
            .rateLimitsUpdated(RateLimitsEvent(rateLimits: [RateLimit(name: "tokens", limit: 40000, remaining: 38490, resetSeconds: 2.265)])),
            .unknown(type: "future.event", members: ["type": "future.event", "payload": [1, 2, 3]]),
        ]
        if dialect == .ga {
            events += [
                .itemAdded(ItemEvent(item: user, previousItemID: .value("item_0"))),
                .itemDone(ItemEvent(item: user, previousItemID: .null)),
                .timeoutTriggered(TimeoutTriggeredEvent(itemID: "item_4", audioStartMs: 1000, audioEndMs: 6000)),
            ]
        } else {
            events.append(.transcriptionSessionUpdated(JSONPayloadEvent(members: ["session": ["modalities": ["text"]]])))
        }
        return events
    }
}

@Suite struct ServerEventCodecTests {
    @Test(arguments: Dialect.allCases)
    func everyServerEventRoundTrips(_ dialect: Dialect) throws {
        for event in ServerEventSamples.all(dialect) {
            let text = event.encoded(dialect, eventID: "event_1")
            let decoded = try ServerEvent.decode(text, dialect: dialect)
            #expect(decoded == event, "round trip of \(event.typeName(dialect)) in \(dialect)")
            #expect(try JSONParser.parse(text)["type"]?.stringValue == event.typeName(dialect))
        }
    }

    @Test func renamedEventsUseTheDialectsNames() {
        let delta = ServerEvent.outputAudioDelta(ContentDeltaEvent(location: ServerEventSamples.location, delta: "AA=="))
        #expect(delta.typeName(.ga) == "response.output_audio.delta")
        #expect(delta.typeName(.beta) == "response.audio.delta")
        let text = ServerEvent.outputTextDelta(ContentDeltaEvent(location: ServerEventSamples.location, delta: "x"))
        #expect(text.typeName(.beta) == "response.text.delta")
    }

    @Test func acceptsBothSpellingsWhateverTheDialect() throws {
        let beta =
            #"{"type":"response.audio_transcript.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"Hi"}"#
        guard case .outputAudioTranscriptDelta(let payload) = try ServerEvent.decode(beta, dialect: .ga) else {
            Issue.record("beta name not accepted under GA")
            return
        }
        #expect(payload.delta == "Hi")
    }

    @Test func decodesACapturedGASessionCreated() throws {
        let text = """
            {"type":"session.created","event_id":"event_C1","session":{"type":"realtime","object":"realtime.session","id":"sess_C1",
            "model":"gpt-realtime-2025-08-28","output_modalities":["audio"],"instructions":"Be brief.","tools":[],"tool_choice":"auto",
            "max_output_tokens":"inf","tracing":null,"truncation":"auto","prompt":null,"expires_at":1756324625,
            "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":null,"noise_reduction":null,
            "turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":200,"idle_timeout_ms":null,
            "create_response":true,"interrupt_response":true}},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin","speed":1}},
            "include":null}}
            """
        guard case .sessionCreated(let payload) = try ServerEvent.decode(text, dialect: .ga) else {
            Issue.record("not a session.created")
            return
        }
        let s = payload.session
        #expect(s.id == "sess_C1")
        #expect(s.voice == "marin")
        #expect(s.turnDetection == .value(.serverVAD(TurnDetection.ServerVAD(silenceDurationMs: 200))))
        #expect(s.transcription == .null)
        #expect(s.maxOutputTokens == .infinite)
        #expect(s.unknownParameters.isEmpty)
        #expect(s.passthrough["truncation"] == "auto")
    }

    @Test func keepsUnknownEventsAndFields() throws {
        let text = #"{"type":"response.brand_new","event_id":"e","x":{"y":[1]}}"#
        guard case .unknown(let type, let members) = try ServerEvent.decode(text, dialect: .ga) else {
            Issue.record("unknown type not kept")
            return
        }
        #expect(type == "response.brand_new")
        #expect(members["x"]?["y"] == [1])
        let withExtra =
            #"{"type":"conversation.item.added","event_id":"e","item":{"id":"i","type":"message","role":"user","content":[],"future_field":7}}"#
        guard case .itemAdded(let added) = try ServerEvent.decode(withExtra, dialect: .ga) else {
            Issue.record("not decoded")
            return
        }
        #expect(added.item.extra["future_field"] == 7)
    }

    @Test(arguments: [
        ("not json", ProtocolError.Kind.invalidJSON, nil as String?),
        ("[1,2]", .notAnEvent, nil),
        (#"{"type":"response.output_audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0}"#, .missingField, "delta"),
        (#"{"type":"input_audio_buffer.speech_started","item_id":"i","audio_start_ms":"soon"}"#, .invalidField, "audio_start_ms"),
        (#"{"type":"response.done","response":{"id":"r","status":"exploded"}}"#, .invalidField, "response.status"),
    ])
    func badInputGivesTypedErrors(_ text: String, _ kind: ProtocolError.Kind, _ path: String?) {
        do {
            _ = try ServerEvent.decode(text, dialect: .ga)
            Issue.record("decoded bad input: \(text)")
        } catch {
            #expect(error.kind == kind)
            #expect(error.path == path)
            #expect(!error.description.isEmpty)
        }
    }
}
