import Testing

@testable import RealtimeCore

@Suite struct ClientEventCodecTests {
    static func samples(_ dialect: Dialect) -> [ClientEvent] {
        var parameters = ResponseParameters(
            outputModalities: dialect == .ga ? ["audio"] : ["audio", "text"], instructions: "Short.",
            metadata: ["topic": "test"])
        parameters.conversation = "none"
        parameters.input = [.userText("Hi")]
        if dialect == .beta { parameters.temperature = 0.9 }
        var transcriptionUpdate = SessionObject()
        transcriptionUpdate.transcription = .value(TranscriptionSettings(model: "whisper-1"))
        return [
            .sessionUpdate(SessionConfig().sessionObject(for: dialect)),
            .sessionUpdate(transcriptionUpdate),
            .inputAudioBufferAppend(audio: "AAECAw=="),
            .inputAudioBufferCommit,
            .inputAudioBufferClear,
            .outputAudioBufferClear,
            .itemCreate(item: .userText("Hello"), previousItemID: nil),
            .itemCreate(item: .assistantText("Earlier reply"), previousItemID: "root"),
            .itemCreate(item: .systemText("Be brief"), previousItemID: "item_1"),
            .itemCreate(item: .functionOutput(callID: "call_1", output: "{\"temp_c\":21}"), previousItemID: nil),
            .itemRetrieve(itemID: "item_1"),
            .itemTruncate(itemID: "item_2", contentIndex: 0, audioEndMs: 1234),
            .itemDelete(itemID: "item_2"),
            .responseCreate(nil),
            .responseCreate(parameters),
            .responseCancel(responseID: "resp_1"),
            .responseCancel(responseID: nil),
        ] + (dialect == .beta ? [.transcriptionSessionUpdate(["input_audio_transcription": ["model": "whisper-1"]])] : [])
    }

    @Test(arguments: Dialect.allCases)
    func everyClientEventRoundTrips(_ dialect: Dialect) throws {
        for event in Self.samples(dialect) {
            let text = event.encoded(dialect, eventID: "rtc_9")
            let decoded = try ClientEvent.decode(text, dialect: dialect)
            #expect(decoded.event == event, "round trip of \(event.typeName) in \(dialect)")
            #expect(decoded.eventID == "rtc_9")
        }
    }

    @Test func appendFastPathMatchesTheTree() throws {
        let fast = ClientEvent.appendText(base64Audio: "AAEC", eventID: "rtc_1")
        let tree = ClientEvent.inputAudioBufferAppend(audio: "AAEC").encoded(.ga, eventID: "rtc_1")
        #expect(try JSONParser.parse(fast) == JSONParser.parse(tree))
    }

    @Test func assistantHistorySpellsContentPerDialect() throws {
        let ga = ClientEvent.itemCreate(item: .assistantText("Hi"), previousItemID: nil).json(.ga, eventID: nil)
        let beta = ClientEvent.itemCreate(item: .assistantText("Hi"), previousItemID: nil).json(.beta, eventID: nil)
        #expect(ga["item"]?["content"]?.arrayValue?.first?["type"] == "output_text")
        #expect(beta["item"]?["content"]?.arrayValue?.first?["type"] == "text")
    }

    @Test func unknownClientEventIsKept() throws {
        let decoded = try ClientEvent.decode(#"{"type":"session.teleport","where":"moon"}"#, dialect: .ga)
        guard case .unknown(let type, let members) = decoded.event else {
            Issue.record("not kept")
            return
        }
        #expect(type == "session.teleport")
        #expect(members["where"] == "moon")
    }

    @Test func gaSessionDecodingFlagsBetaKeysAndTemperature() throws {
        let text =
            #"{"type":"session.update","event_id":"e1","session":{"type":"realtime","temperature":0.9,"voice":"alloy","audio":{"input":{"input_audio_noise_reduction":{"type":"near_field"}}}}}"#
        guard case .sessionUpdate(let session) = try ClientEvent.decode(text, dialect: .ga).event else {
            Issue.record("not a session.update")
            return
        }
        #expect(Set(session.unknownParameters.keys) == ["temperature", "voice", "audio.input.input_audio_noise_reduction"])
        let again = try JSONParser.parse(JSONWriter.compact(session.json(.ga)))
        #expect(again["temperature"] == 0.9)
        #expect(again["audio"]?["input"]?["input_audio_noise_reduction"]?["type"] == "near_field")
    }
}
