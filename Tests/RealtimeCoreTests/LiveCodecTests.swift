import Foundation
import Testing

@testable import RealtimeCore

/// The GPT-Live codec: every client and server event survives a trip through its wire JSON, and frames
/// as the service sends them read as the right events.
struct LiveCodecTests {
    static let session = LiveSessionResource(
        id: "live_abc", expiresAt: 1_800_000_000,
        config: LiveSessionConfig(
            model: "gpt-live-1", instructions: "Be brief.", format: .pcm24k, voice: "marin", delegation: .client(),
            input: [LiveInputMessage(role: .user, text: "Hi"), LiveInputMessage(role: .assistant, text: "Hello!")]))

    static let clientEvents: [LiveClientEvent] = [
        .sessionStart(
            LiveSessionConfig(
                model: "gpt-live-1.1", instructions: "Delegate lookups.", format: .pcm(rate: 16_000), voice: "vesper",
                delegation: .responses(
                    LiveResponsesBackend(
                        model: "gpt-5.6-luna", instructions: "Use tools.", reasoningEffort: "low",
                        tools: [["type": "function", "name": "get_weather", "parameters": ["type": "object"]]]),
                    acknowledgementDelayMs: 300),
                input: [LiveInputMessage(role: .developer, text: "Context")], store: true, safetyIdentifier: "user-42",
                triggers: [["type": "decisions", "event_type": "session.input_transcript.delta", "decisions": ["questions": []]]])),
        .sessionStart(LiveSessionConfig(model: "gpt-live-1")),
        .sessionStart(
            LiveSessionConfig(
                model: "gpt-live-1", delegation: .decisions(model: "gpt-5.6-luna", questions: [["type": "predicate", "instructions": "Upset?"]]))),
        .sessionUpdate(delegation: .client(acknowledgementDelayMs: 100), triggers: []),
        .sessionUpdate(delegation: nil, triggers: nil),
        .inputAudioAppend(audio: "AAAA"),
        .inputAudioMute,
        .inputAudioUnmute,
        .outputAudioFixturePlay(audio: "AAAA"),
        .contextAppend(.instructions, content: "Speak slowly.", delegationID: nil),
        .contextAppend(.thinking, content: "Checking…", delegationID: "item_1"),
        .contextAppend(.commentary, content: "It is sunny.", delegationID: "item_1"),
        .responseItemCreate(item: ["type": "function_call_output", "call_id": "call_1", "output": "{}"]),
        .responseCreate,
        .decisionCreate,
        .decisionItemCreate(item: ["type": "message", "role": "user", "content": "hi"]),
        .decisionItemDelete(itemID: "ditem_1"),
        .sessionClose,
    ]

    @Test(arguments: clientEvents)
    func clientEventRoundTrip(_ event: LiveClientEvent) throws {
        let text = JSONWriter.compact(event.json(eventID: "evt_1"))
        let decoded = try LiveClientEvent.decode(json: try JSONParser.parse(text))
        #expect(decoded.event == event)
        #expect(decoded.eventID == "evt_1")
        #expect(try JSONParser.parse(text)["type"]?.stringValue == event.typeName)
    }

    @Test func appendTextMatchesTheEncoder() throws {
        let fast = try JSONParser.parse(LiveClientEvent.appendText(base64Audio: "AAEC", eventID: "rtc_9"))
        #expect(fast == LiveClientEvent.inputAudioAppend(audio: "AAEC").json(eventID: "rtc_9"))
    }

    @Test func appendKeepsAnExplicitNullDelegation() throws {
        let json = LiveClientEvent.contextAppend(.commentary, content: "x", delegationID: nil).json(eventID: "e")
        #expect(json["delegation_id"] == .null, "delegation_id is required (nullable) by the service")
    }

    static let serverFrames: [LiveServerFrame] = [
        LiveServerFrame(.sessionStarted(session), eventID: "event_1", clientEventID: "evt_start"),
        LiveServerFrame(.sessionUpdated(session), eventID: "event_2"),
        LiveServerFrame(.outputAudioDelta(audio: "AAAA", span: nil)),
        LiveServerFrame(.outputAudioDelta(audio: "AAAA", span: LiveSpan(startMs: 100, endMs: 200))),
        LiveServerFrame(.inputTranscriptDelta(text: "Please", span: LiveSpan(startMs: 600, endMs: 800)), eventID: "event_3"),
        LiveServerFrame(.outputTranscriptDelta(text: " Okay,", span: LiveSpan(startMs: 4800, endMs: 5000)), eventID: "event_4"),
        LiveServerFrame(.inputAudioMuted, eventID: "event_5", clientEventID: "m1"),
        LiveServerFrame(.inputAudioUnmuted, eventID: "event_6", clientEventID: "u1"),
        LiveServerFrame(.contextAppended(.instructions, span: LiveSpan(startMs: 600, endMs: 800)), eventID: "event_7"),
        LiveServerFrame(.contextAppended(.thinking, span: LiveSpan(startMs: 5400, endMs: 5600)), eventID: "event_8"),
        LiveServerFrame(.contextAppended(.commentary, span: LiveSpan(startMs: 5400, endMs: 5600)), eventID: "event_9"),
        LiveServerFrame(.outputAudioFixturePlaying, eventID: "event_10"),
        LiveServerFrame(.outputAudioFixturePlayed, eventID: "event_11"),
        LiveServerFrame(.delegationCreated(LiveDelegationNotice(id: "item_d", target: "client", offsetMs: 4600)), eventID: "event_12"),
        LiveServerFrame(
            .delegationCreated(LiveDelegationNotice(id: "item_d2", target: "responses", responseID: "resp_1", offsetMs: 100)), eventID: "event_13"),
        LiveServerFrame(.responseEvent(delegationID: "item_d2", event: ["type": "response.created", "response": ["id": "resp_1"]]), eventID: "e14"),
        LiveServerFrame(
            .decisionEvent(
                LiveDecisionNotice(
                    delegationID: nil, event: ["type": "decision.completed", "decision": ["model": "m", "answers": [], "usage": [:]]],
                    triggerID: "trig_1", sourceEventID: "event_3", sourceEventType: "session.input_transcript.delta")), eventID: "e15"),
        LiveServerFrame(.decisionItemCreated(item: ["id": "ditem_1", "type": "message"]), eventID: "e16"),
        LiveServerFrame(.decisionItemDeleted(itemID: "ditem_1"), eventID: "e17"),
        LiveServerFrame(.usageUpdated(LiveUsage(seconds: 7, contextUsageRatio: 0.0088)), eventID: "e18"),
        LiveServerFrame(.usageUpdated(LiveUsage(seconds: 9, activeSeconds: 6, pausedSeconds: 3)), eventID: "e19"),
        LiveServerFrame(.sessionClosed(reason: "close_requested", session: session, usage: LiveUsage(seconds: 128)), eventID: "e20"),
        LiveServerFrame(
            .error(
                ErrorDetail(
                    type: "invalid_request_error", code: "unknown_parameter", message: "Unknown parameter", param: "session.voice", eventID: "evt_1")),
            eventID: "e21", clientEventID: "evt_1"),
        LiveServerFrame(.info(code: "data_channel_permissions", message: "note"), eventID: "e22"),
        LiveServerFrame(.unknown(type: "session.paused", members: ["type": "session.paused"]), eventID: "e23"),
    ]

    @Test(arguments: serverFrames)
    func serverEventRoundTrip(_ frame: LiveServerFrame) throws {
        let text = JSONWriter.compact(frame.json)
        #expect(try LiveServerFrame.decode(json: try JSONParser.parse(text)) == frame)
    }

    /// Frames as the service sent them in a public capture of a `gpt-live-1` call.
    @Test func observedFramesRead() throws {
        let started = try LiveServerFrame.decode(
            json: try JSONParser.parse(
                #"{"type":"session.started","event_id":"event_a","session":{"id":"live_1","expires_at":1791000000,"model":"gpt-live-1","instructions":"x","audio":{"output":{"voice":"marin"},"format":{"type":"audio/pcm","rate":24000}},"delegation":{"type":"client"},"status":"active","input":[]}}"#
            ))
        guard case .sessionStarted(let session) = started.event else {
            Issue.record("not session.started: \(started)")
            return
        }
        #expect(session.id == "live_1")
        #expect(session.config.format == .pcm24k)
        #expect(session.config.delegation == .client())
        let delegation = try LiveServerFrame.decode(
            json: try JSONParser.parse(
                #"{"type":"session.delegation.created","event_id":"e","offset_ms":4600,"delegation":{"id":"item_9","type":"delegation","target":"client"}}"#
            ))
        #expect(delegation.event == .delegationCreated(LiveDelegationNotice(id: "item_9", target: "client", offsetMs: 4600)))
        let error = try LiveServerFrame.decode(
            json: try JSONParser.parse(
                #"{"type":"error","event_id":"e","client_event_id":"evt_audio_1","error":{"type":"invalid_request_error","code":"invalid_audio","message":"PCM16 audio must contain an even number of bytes","param":"audio","client_event_id":"evt_audio_1"}}"#
            ))
        #expect(
            error.event
                == .error(
                    ErrorDetail(
                        code: "invalid_audio", message: "PCM16 audio must contain an even number of bytes", param: "audio", eventID: "evt_audio_1")))
    }

    @Test func badFramesAreRefusedWithTheirField() {
        #expect(throws: ProtocolError.self) { try LiveServerFrame.decode(json: ["type": "session.input_transcript.delta", "delta": "x"]) }
        #expect(throws: ProtocolError.self) { try LiveClientEvent.decode(json: ["type": "session.input_audio.commit"]) }
        #expect(throws: ProtocolError.self) {
            try LiveClientEvent.decode(json: ["type": "session.start", "session": ["model": "gpt-live-1", "delegation": ["type": "robots"]]])
        }
    }

    @Test func decisionSummaryNamesEachAnswer() {
        let notice = LiveDecisionNotice(
            delegationID: "d",
            event: [
                "type": "decision.completed",
                "decision": [
                    "answers": [
                        ["type": "predicate", "name": "upset", "probability": 0.9], ["type": "choice", "name": "topic", "choice": "billing"],
                        ["type": "refusal", "name": "age"],
                    ]
                ],
            ])
        #expect(notice.summary == #"upset: 90 %, topic: "billing", age: refused"#)
    }

    @Test func seedKeepsTheLatestTextMessagesWithinLimits() {
        var entries: [ConversationEntry] = []
        for index in 0..<200 {
            entries.append(ConversationEntry(id: "u\(index)", speaker: index % 2 == 0 ? .user : .assistant, text: "line \(index)", isPartial: false))
        }
        entries.append(ConversationEntry(id: "call", speaker: .assistant, kind: .functionCall, text: "{}", isPartial: false))
        let seed = LiveInputMessage.seed(from: entries)
        #expect(seed.count == LiveInputMessage.maximumCount)
        #expect(seed.last == LiveInputMessage(role: .assistant, text: "line 199"))
        #expect(seed.first == LiveInputMessage(role: .user, text: "line 72"))
        let long = [ConversationEntry(id: "a", speaker: .user, text: String(repeating: "x", count: 20_000), isPartial: false)] + entries.suffix(3)
        #expect(LiveInputMessage.seed(from: long, characterBudget: 100).count == 2, "the budget drops the oldest first")
    }
}

extension LiveClientEvent: CustomTestStringConvertible {
    public var testDescription: String { typeName }
}

extension LiveServerFrame: CustomTestStringConvertible {
    public var testDescription: String { event.typeName }
}
