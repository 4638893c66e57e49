import Foundation
import NIOWebSocket
import RealtimeCore
import RealtimeSim
import Testing
import WSCore

/// GPT-Live sessions over a real loopback socket: starting, validation, the timeline, turns, barge-in, mute,
/// appends, formats and fixtures. Audio is streamed faster than real time, in lockstep with the output.
@Suite(.serialized, .timeLimit(.minutes(1))) struct LiveSimulatorTests {
    static let defaultReply = "I heard 1.0 seconds of speech. This is the rtconsole simulator."

    /// 400 ms of silence, then a one-second tone at −20 dBFS that the VAD hears as speech.
    static let question = SyntheticSignal(durationMs: 1400, bursts: [.init(startMs: 400, endMs: 1400, dBFS: -20, frequency: 300)]).samples()

    /// Speech of `milliseconds` from the first sample.
    static func speech(milliseconds: Int) -> [Int16] {
        SyntheticSignal(durationMs: milliseconds, bursts: [.init(startMs: 0, endMs: milliseconds, dBFS: -20, frequency: 260)]).samples()
    }

    /// Runs `body` against a server with the tests' configuration (tones) changed by `scenario` and `maxSessionDuration`.
    static func withServer(
        scenario: Scenario? = nil, maxSessionDuration: Duration = .seconds(3600), _ body: (URL, SimulatorServer) async throws -> Void
    ) async throws {
        let configuration = SimulatorServerTests.configuration {
            $0.scenario = scenario
            $0.maxSessionDuration = maxSessionDuration
        }
        try await SimulatorServerTests.withServer(configuration, body)
    }

    @Test func startedResolvesTheSession() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                let before = Int(Date().timeIntervalSince1970)
                let history: JSONValue = [["role": "user", "content": [["type": "input_text", "text": "I live in Paris."]]]]
                let started = try await live.start(["instructions": "Be brief.", "input": history], eventID: "evt_go")
                #expect(started["client_event_id"] == "evt_go")
                #expect(started["event_id"]?.stringValue?.hasPrefix("event_") == true)
                let session = try #require(started["session"])
                #expect(session["id"]?.stringValue?.hasPrefix("live_") == true)
                let expiresAt = try #require(session["expires_at"]?.intValue)
                #expect((before + 3599)...(before + 3602) ~= expiresAt)
                #expect(session["model"] == "gpt-live-1")
                #expect(session["instructions"] == "Be brief.")
                #expect(session["audio"]?["format"] == ["type": "audio/pcm", "rate": 24000])
                #expect(session["audio"]?["output"]?["voice"] == "marin")
                #expect(session["delegation"] == ["type": "client"])
                #expect(session["input"] == history)
                #expect(session["store"] == false)
                #expect(session["status"] == "active")
            }
        }
    }

    @Test func strictStartRefusesMistakesWithoutStarting() async throws {
        let refused: [(JSONValue, String, String?)] = [
            (["model": "gpt-live-1", "voice": "marin"], "unknown_parameter", "session.voice"),
            (["model": "gpt-live-1", "audio": ["output": ["voice": "marin", "speed": 1.2]]], "unknown_parameter", "session.audio.output.speed"),
            (["instructions": "Be brief."], "missing_required_parameter", "session.model"),
            (["model": "gpt-live-1", "audio": ["output": ["voice": "hal9000"]]], "invalid_value", "session.audio.output.voice"),
            (["model": "gpt-live-1", "delegation": ["type": "telepathy"]], "invalid_value", "session.delegation.type"),
            (
                ["model": "gpt-live-1", "delegation": ["type": "responses", "responses": ["tools": []]]], "invalid_value",
                "session.delegation.responses.model"
            ),
            (["model": "gpt-live-1", "audio": ["format": ["type": "audio/pcm", "rate": 44100]]], "invalid_value", "session.audio.format.rate"),
            (["model": "gpt-live-1", "input": [["role": "system", "content": [["text": "Hi"]]]]], "invalid_value", "session.input[0].role"),
            (["model": "gpt-live-1", "store": "yes"], "invalid_type", "session.store"),
        ]
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                try await live.send(["type": "session.input_audio.mute", "event_id": "evt_early"])
                let early = try await live.answer(to: "evt_early")
                #expect(early["error"]?["code"] == "session_not_started")
                for (index, (session, code, param)) in refused.enumerated() {
                    let eventID = "evt_bad_\(index)"
                    try await live.send(["type": "session.start", "event_id": .string(eventID), "session": session])
                    let error = try await live.answer(to: eventID)
                    #expect(error["type"] == "error")
                    #expect(error["error"]?["code"]?.stringValue == code, "\(session)")
                    #expect(error["error"]?["param"]?.stringValue == param, "\(session)")
                    #expect(error["error"]?["client_event_id"]?.stringValue == eventID)
                }
                #expect(live.events.first { $0["error"]?["param"] == "session.voice" }?["error"]?["message"] == "Unknown parameter: 'session.voice'.")
                #expect(live.events.of("session.started").isEmpty)
                _ = try await live.start()
                try await live.send(["type": "session.start", "event_id": "evt_again", "session": ["model": "gpt-live-1"]])
                #expect(try await live.answer(to: "evt_again")["error"]?["code"] == "session_already_started")
                try await live.send(["type": "session.input_audio.commit", "event_id": "evt_type"])
                let unknown = try await live.answer(to: "evt_type")
                #expect(unknown["error"]?["param"] == "type")
                #expect(unknown["error"]?["message"]?.stringValue?.contains("'session.close'") == true)
                try await live.send(["type": "session.input_audio.append", "event_id": "evt_odd", "audio": "AAAA"])
                #expect(try await live.answer(to: "evt_odd")["error"]?["code"] == "invalid_audio")
            }
        }
    }

    @Test func realtimeModelIsRefusedAndTheSocketCloses() async throws {
        try await Self.withServer { base, _ in
            let outcome = try await LiveTestConnection.exchange(base) { live in
                try await live.send(["type": "session.start", "event_id": "evt_rt", "session": ["model": "gpt-realtime-2.1"]])
                let error = try await live.answer(to: "evt_rt")
                #expect(error["error"]?["code"] == "invalid_model")
                #expect(error["error"]?["param"] == "session.model")
                #expect(try await live.next() == nil)
            }
            #expect(outcome.close?.closeCode == .policyViolation)
        }
    }

    @Test func azurePathTakesTheDeploymentName() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base, azure: true) { live in
                let started = try await live.start(["model": "my-live-deployment"])
                #expect(started["session"]?["model"] == "my-live-deployment")
            }
        }
    }

    @Test func spokenTurnHasTranscriptsAndSpeechOnTheTimeline() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.stream(Self.question)
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == Self.defaultReply })
                try await live.streamSilence(milliseconds: 1500)
                let events = live.events
                #expect(events.text(LiveTestConnection.inputTranscript) == "(speech, 1.0 s)")
                #expect(events.text(LiveTestConnection.outputTranscript) == Self.defaultReply)
                let inputs = events.of(LiveTestConnection.inputTranscript)
                let outputs = events.of(LiveTestConnection.outputTranscript)
                for delta in inputs + outputs {
                    #expect(delta["end_ms"]?.intValue == (delta["start_ms"]?.intValue ?? 0) + 200)
                    #expect(delta["event_id"]?.stringValue?.hasPrefix("event_") == true)
                }
                #expect(inputs.first?["start_ms"] == 400)
                #expect(inputs.dropFirst().allSatisfy { $0["delta"]?.stringValue?.hasPrefix(" ") == true })
                let firstReplyMs = try #require(outputs.first?["start_ms"]?.intValue)
                #expect(firstReplyMs >= 1900 + 300 - 200)
                for delta in outputs {
                    let frame = (delta["start_ms"]?.intValue ?? 0) / 100
                    #expect((frame...(frame + 1)).contains(events.audioDeltas(before: delta)))
                }
                let audio = events.outputAudio
                #expect(audio.count == live.sentMs / 100)
                #expect(audio.allSatisfy { $0.count == 4800 })
                #expect(audio[..<(firstReplyMs / 100)].allSatisfy { $0.peak == 0 })
                #expect(audio[(firstReplyMs / 100)...].filter { $0.peak > 500 }.count >= 15)
                #expect(events.of(LiveTestConnection.audioDelta).allSatisfy { $0["event_id"] == nil && $0["start_ms"] == nil })
            }
        }
    }

    @Test func bargeInSilencesTheReply() async throws {
        let long = "This is a long answer that goes on and on so that there is plenty of time to talk over it before it ends."
        try await Self.withServer(scenario: Scenario(turns: [ScenarioTurn(reply: long), ScenarioTurn(reply: "Sure, I will stop.")])) {
            base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.stream(Self.question)
                try await live.streamSilence(until: { $0.of(LiveTestConnection.outputTranscript).count >= 4 })
                let barge = live.sentMs
                let interruption = live.events.count
                try await live.stream(Self.speech(milliseconds: 800))
                try await live.streamSilence(until: { Array($0[interruption...]).text(LiveTestConnection.outputTranscript) == "Sure, I will stop." })
                let secondTurn = try #require(Array(live.events[interruption...]).of(LiveTestConnection.inputTranscript).first)
                #expect((secondTurn["start_ms"]?.intValue ?? 0) >= barge - 200)
                let firstReply = Array(live.events[..<(live.events.firstIndex(of: secondTurn) ?? 0)]).of(LiveTestConnection.outputTranscript)
                #expect(firstReply.allSatisfy { ($0["start_ms"]?.intValue ?? 0) < barge + 400 })
                let said = Array(live.events[..<(live.events.firstIndex(of: secondTurn) ?? 0)]).text(LiveTestConnection.outputTranscript)
                #expect(long.hasPrefix(said) && said != long)
                let answer = try #require(Array(live.events[interruption...]).of(LiveTestConnection.outputTranscript).first?["start_ms"]?.intValue)
                let audio = live.events.outputAudio
                #expect(audio[(barge / 100 - 3)..<(barge / 100)].contains { $0.peak > 500 }, "it was speaking")
                let quiet = audio[((barge + 400) / 100)..<(answer / 100)]
                #expect(quiet.count >= 5 && quiet.allSatisfy { $0.peak == 0 }, "silent within 400 ms")
                #expect(audio[(answer / 100)...].contains { $0.peak > 500 }, "the new turn is answered")
            }
        }
    }

    @Test func mutedInputIsSilence() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.send(["type": "session.input_audio.mute", "event_id": "evt_mute"])
                #expect(try await live.answer(to: "evt_mute")["type"] == "session.input_audio.muted")
                try await live.stream(Self.question)
                try await live.streamSilence(milliseconds: 2000)
                #expect(live.events.of(LiveTestConnection.inputTranscript).isEmpty)
                #expect(live.events.of(LiveTestConnection.outputTranscript).isEmpty)
                #expect(live.events.outputAudio.allSatisfy { $0.peak == 0 })
                try await live.send(["type": "session.input_audio.unmute", "event_id": "evt_unmute"])
                #expect(try await live.answer(to: "evt_unmute")["type"] == "session.input_audio.unmuted")
                try await live.stream(Self.question)
                try await live.streamSilence(until: { !$0.of(LiveTestConnection.outputTranscript).isEmpty })
                #expect(live.events.text(LiveTestConnection.inputTranscript) == "(speech, 1.0 s)")
            }
        }
    }

    @Test func appendsAreAcknowledgedOnlyOnceInputMovesTheTimeline() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.streamSilence(milliseconds: 500)
                try await live.send(["type": "session.instructions.append", "event_id": "evt_rules", "content": "Be brief.", "delegation_id": nil])
                try await live.send([
                    "type": "session.commentary.append", "event_id": "evt_say", "content": "The build passed.", "delegation_id": nil,
                ])
                try await live.send(["type": "session.thinking.append", "event_id": "evt_bare", "content": "Hmm."])
                #expect(try await live.answer(to: "evt_bare")["error"]?["code"] == "missing_required_parameter")
                try await live.send(["type": "session.thinking.append", "event_id": "evt_empty", "content": " ", "delegation_id": nil])
                #expect(try await live.answer(to: "evt_empty")["error"]?["code"] == "invalid_value")
                try await live.send(["type": "session.thinking.append", "event_id": "evt_who", "content": "Hmm.", "delegation_id": "item_nope"])
                #expect(try await live.answer(to: "evt_who")["error"]?["param"] == "delegation_id")
                try await live.send(["type": "session.input_audio.mute", "event_id": "evt_probe"])
                _ = try await live.answer(to: "evt_probe")
                #expect(live.events.of("session.instructions.appended").isEmpty, "not placed before input moves")
                try await live.streamSilence(milliseconds: 100)
                let placed = try #require(live.events.of("session.instructions.appended").first)
                #expect(placed["client_event_id"] == "evt_rules")
                #expect(placed["start_ms"] == 600 && placed["end_ms"] == 800)
                #expect(live.events.of("session.commentary.appended").first?["client_event_id"] == "evt_say")
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == "The build passed." })
                #expect(live.events.of(LiveTestConnection.inputTranscript).isEmpty)
            }
        }
    }

    @Test(arguments: [("audio/pcm", 16000, 3200, UInt8(0)), ("audio/pcmu", 8000, 800, UInt8(0xFF)), ("audio/pcma", 8000, 800, UInt8(0xD5))])
    func outputComesInTheSessionFormat(type: String, rate: Int, bytes: Int, silence: UInt8) async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                let format: JSONValue = ["type": .string(type), "rate": .int(rate)]
                let started = try await live.start(["audio": ["format": format]])
                #expect(started["session"]?["audio"]?["format"] == format)
                for _ in 0..<10 { try await live.appendAndFollow(Data(repeating: silence, count: bytes), milliseconds: 100) }
                let audio = live.events.outputAudio
                #expect(audio.count == 10)
                #expect(audio.allSatisfy { $0 == Data(repeating: silence, count: bytes) })
            }
        }
    }

    @Test func fixturePlaysInPlaceOfTheModel() async throws {
        try await Self.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.streamSilence(milliseconds: 200)
                let tone = Self.speech(milliseconds: 250)
                try await live.send([
                    "type": "session.output_audio.fixture.play", "event_id": "evt_fx", "audio": .string(PCM.bytes(tone).base64EncodedString()),
                ])
                #expect(try await live.answer(to: "evt_fx")["type"] == "session.output_audio.fixture.playing")
                try await live.send(["type": "session.output_audio.fixture.play", "event_id": "evt_fx2", "audio": "AAAA"])
                #expect(try await live.answer(to: "evt_fx2")["error"]?["code"] == "audio_fixture_active")
                try await live.streamSilence(until: { !$0.of("session.output_audio.fixture.played").isEmpty })
                let played = try #require(live.events.of("session.output_audio.fixture.played").first)
                #expect(played["client_event_id"] == "evt_fx")
                let audio = live.events.outputAudio
                #expect(audio[2..<5].allSatisfy { $0.peak > 500 })
                #expect(audio[..<2].allSatisfy { $0.peak == 0 })
            }
        }
    }
}
