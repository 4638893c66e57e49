import Foundation
import HTTPTypes
import NIOWebSocket
import RealtimeCore
import RealtimeSim
import Testing
import WSCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The simulator over a real loopback socket, driven by a minimal WSClient-based client.
@Suite(.serialized, .timeLimit(.minutes(1))) struct SimulatorServerTests {
    /// The tests' simulator configuration (fast pace, tones), changed by `change`.
    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(pace: 50, voiceSynthesis: .tones)
        change(&configuration)
        return configuration
    }

    static func withServer(
        _ configuration: SimulatorConfiguration = configuration(),
        _ body: (URL, SimulatorServer) async throws -> Void
    ) async throws {
        let server = SimulatorServer(configuration: configuration)
        let base = try await server.start()
        do {
            try await body(base, server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static let speech = SyntheticSignal(durationMs: 2500, bursts: [.init(startMs: 500, endMs: 1500, dBFS: -20, frequency: 300)]).samples()

    @Test func sessionCreatedComesFirstWithTheModel() async throws {
        try await Self.withServer { base, server in
            _ = try await RealtimeTestConnection.exchange(base, query: "model=gpt-realtime-2") { connection in
                let first = try #require(try await connection.next())
                #expect(first["type"] == "session.created")
                #expect(first["session"]?["model"] == "gpt-realtime-2")
                #expect(first["session"]?["id"]?.stringValue?.hasPrefix("sess_") == true)
                #expect(first["session"]?["audio"]?["output"]?["voice"] == "marin")
            }
            #expect(await server.activeSessionCount <= 1)
        }
    }

    @Test func textTurnFollowsTheServiceOrder() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(["type": "session.update", "session": ["type": "realtime", "output_modalities": ["text"]]])
                _ = try await connection.read(until: "session.updated")
                try await connection.send([
                    "type": "conversation.item.create",
                    "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "Hello there"]]],
                ])
                try await connection.send(["type": "response.create", "response": ["metadata": ["topic": "greeting"]]])
                let events = try await connection.read(until: "response.done")
                #expect(
                    events.withoutDeltas == [
                        "conversation.item.added", "conversation.item.done", "response.created", "response.output_item.added",
                        "conversation.item.added", "response.content_part.added", "response.output_text.done", "response.content_part.done",
                        "response.output_item.done", "conversation.item.done", "response.done",
                    ])
                let done = try #require(events.last)
                #expect(done["response"]?["status"] == "completed")
                #expect(done["response"]?["metadata"] == ["topic": "greeting"])
                #expect(done["response"]?["usage"]?["output_tokens"]?.intValue ?? 0 > 0)
                #expect(events.first("response.output_text.done")?["text"] == "You said: Hello there. This is the rtconsole simulator.")
                #expect(try await connection.read(until: "rate_limits.updated").count == 1)
                #expect(done["response"]?["usage"]?["input_token_details"]?["cached_tokens"] == 0)
                try await connection.send([
                    "type": "conversation.item.create",
                    "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "And again"]]],
                ])
                try await connection.send(["type": "response.create"])
                let second = try #require(try await connection.read(until: "response.done").last)
                let firstInput = done["response"]?["usage"]?["input_tokens"]
                #expect(second["response"]?["usage"]?["input_token_details"]?["cached_tokens"] == firstInput)
            }
        }
    }

    @Test func rejectedUpdateEchoesTheEventIDAndChangesNothing() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send([
                    "type": "session.update", "event_id": "evt_bad",
                    "session": [
                        "type": "realtime", "instructions": "Changed", "temperature": 0.7,
                    ],
                ])
                let error = try #require(try await connection.read(until: "error").last)
                #expect(error["error"]?["code"] == "unknown_parameter")
                #expect(error["error"]?["param"] == "session.temperature")
                #expect(error["error"]?["event_id"] == "evt_bad")
                try await connection.send(["type": "session.update", "session": ["type": "realtime"]])
                let updated = try #require(try await connection.read(until: "session.updated").last)
                #expect(updated["session"]?["instructions"] != "Changed")
            }
        }
    }

    @Test func pushToTalkTurnHasNoVADEvents() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(["type": "session.update", "session": ["type": "realtime", "audio": ["input": ["turn_detection": nil]]]])
                _ = try await connection.read(until: "session.updated")
                try await connection.send(["type": "input_audio_buffer.commit", "event_id": "evt_empty"])
                let empty = try #require(try await connection.read(until: "error").last)
                #expect(empty["error"]?["code"] == "input_audio_buffer_commit_empty")
                #expect(empty["error"]?["event_id"] == "evt_empty")
                try await connection.append(Self.speech)
                try await connection.send(["type": "input_audio_buffer.commit"])
                try await connection.send(["type": "response.create"])
                let events = try await connection.read(until: "response.done")
                #expect(!events.types.contains { $0.hasPrefix("input_audio_buffer.speech") })
                #expect(
                    Array(events.withoutDeltas.prefix(4)) == [
                        "input_audio_buffer.committed", "conversation.item.added", "conversation.item.done", "response.created",
                    ])
                #expect(events.types.contains("response.output_audio.delta"))
                #expect(
                    events.first("response.output_audio_transcript.done")?["transcript"]
                        == "I heard 2.5 seconds of speech. This is the rtconsole simulator.")
            }
        }
    }

    @Test func serverVADTurnAndTruncation() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.append(Self.speech)
                let events = try await connection.read(until: "response.done")
                #expect(
                    Array(events.withoutDeltas.prefix(6)) == [
                        "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
                        "conversation.item.added", "conversation.item.done", "response.created",
                    ])
                #expect(events.first("input_audio_buffer.speech_started")?["audio_start_ms"] == 200)
                #expect(events.first("input_audio_buffer.speech_stopped")?["audio_end_ms"] == 1700)
                let itemID = try #require(events.first("response.output_item.done")?["item"]?["id"]?.stringValue)
                try await connection.send([
                    "type": "conversation.item.truncate", "item_id": .string(itemID), "content_index": 0, "audio_end_ms": 600_000,
                ])
                let tooLong = try #require(try await connection.read(until: "error").last)
                #expect(tooLong["error"]?["message"]?.stringValue?.hasSuffix("is already shorter than 600000ms") == true)
                try await connection.send(["type": "conversation.item.truncate", "item_id": .string(itemID), "content_index": 0, "audio_end_ms": 900])
                let truncated = try #require(try await connection.read(until: "conversation.item.truncated").last)
                #expect(truncated["audio_end_ms"] == 900)
                try await connection.send(["type": "conversation.item.retrieve", "item_id": .string(itemID)])
                let retrieved = try #require(try await connection.read(until: "conversation.item.retrieved").last)
                let content = retrieved["item"]?["content"]?.arrayValue?.first
                let audio = try #require(content?["audio"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                #expect(audio.count == 900 * 48)
                #expect(content?["transcript"]?.stringValue.map { "I heard 1.5 seconds of speech.".hasPrefix($0) && !$0.isEmpty } == true)
            }
        }
    }

    @Test func bargeInCancelsTheReply() async throws {
        try await Self.withServer(Self.configuration { $0.pace = 1 }) { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(["type": "response.create"])
                _ = try await connection.read(until: "response.output_audio.delta")
                try await connection.append(Self.speech)
                let events = try await connection.read(until: "response.done")
                let tail = Array(events.withoutDeltas.drop { $0 != "input_audio_buffer.speech_started" })
                #expect(
                    tail == [
                        "input_audio_buffer.speech_started", "response.output_audio.done", "response.output_audio_transcript.done",
                        "response.content_part.done", "response.output_item.done", "conversation.item.done", "response.done",
                    ])
                let done = try #require(events.last)
                #expect(done["response"]?["status"] == "cancelled")
                #expect(done["response"]?["status_details"] == ["type": "cancelled", "reason": "turn_detected"])
                #expect(done["response"]?["output"]?.arrayValue?.first?["status"] == "incomplete")
                // Speech stopped after the barge-in, so the server answers the new turn; cancel that one by hand.
                let next = try await connection.read(until: "response.created")
                #expect(
                    next.withoutDeltas.filter { $0 != "rate_limits.updated" }.prefix(2) == [
                        "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
                    ])
                try await connection.send(["type": "response.cancel"])
                let cancelled = try #require(try await connection.read(until: "response.done").last)
                #expect(cancelled["response"]?["status_details"]?["reason"] == "client_cancelled")
                try await connection.send(["type": "response.cancel", "event_id": "evt_cancel"])
                let notActive = try #require(try await connection.read(until: "error").last)
                #expect(notActive["error"]?["code"] == "response_cancel_not_active")
                #expect(notActive["error"]?["event_id"] == "evt_cancel")
            }
        }
    }

    @Test func itemCreateWithPreviousItemIDAndDelete() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                let item: JSONValue = ["type": "message", "role": "user", "content": [["type": "input_text", "text": "first"]]]
                try await connection.send(["type": "conversation.item.create", "item": item])
                let first = try #require(try await connection.read(until: "conversation.item.done").last?["item"]?["id"]?.stringValue)
                try await connection.send(["type": "conversation.item.create", "previous_item_id": "root", "item": item])
                let rooted = try #require(try await connection.read(until: "conversation.item.added").last)
                #expect(rooted["previous_item_id"] == .null)
                _ = try await connection.read(until: "conversation.item.done")
                try await connection.send(["type": "conversation.item.create", "previous_item_id": .string(first), "item": item])
                #expect(try await connection.read(until: "conversation.item.added").last?["previous_item_id"] == .string(first))
                _ = try await connection.read(until: "conversation.item.done")
                try await connection.send([
                    "type": "conversation.item.create", "event_id": "evt_unknown", "previous_item_id": "item_nope", "item": item,
                ])
                let unknown = try #require(try await connection.read(until: "error").last)
                #expect(unknown["error"]?["param"] == "previous_item_id")
                #expect(unknown["error"]?["event_id"] == "evt_unknown")
                try await connection.send(["type": "conversation.item.delete", "item_id": .string(first)])
                #expect(try await connection.read(until: "conversation.item.deleted").last?["item_id"] == .string(first))
                try await connection.send(["type": "conversation.item.delete", "item_id": .string(first)])
                #expect(try await connection.read(until: "error").last?["error"]?["param"] == "item_id")
            }
        }
    }

    @Test func badInputGetsErrorsAndTheSessionGoesOn() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(.string("not an event"))
                #expect(try await connection.read(until: "error").last?["error"]?["code"] == "invalid_event")
                try await connection.send(["type": "response.dance", "event_id": "evt_dance"])
                let unknown = try #require(try await connection.read(until: "error").last)
                #expect(unknown["error"]?["message"]?.stringValue?.contains("'response.dance'") == true)
                #expect(unknown["error"]?["event_id"] == "evt_dance")
                try await connection.send(["type": "input_audio_buffer.append", "audio": "%%%"])
                #expect(try await connection.read(until: "error").last?["error"]?["param"] == "audio")
                try await connection.send(["type": "input_audio_buffer.append", "audio": "AA=="])
                #expect(try await connection.read(until: "error").last?["error"]?["message"]?.stringValue?.contains("1 bytes") == true)
                try await connection.send(["type": "output_audio_buffer.clear"])
                #expect(try await connection.read(until: "error").last?["error"]?["code"] == "invalid_value")
                try await connection.send(["type": "conversation.item.truncate", "item_id": "item_nope", "content_index": 0, "audio_end_ms": 10])
                #expect(try await connection.read(until: "error").last?["error"]?["param"] == "item_id")
                try await connection.send(["type": "response.create"])
                try await connection.send(["type": "response.create", "event_id": "evt_second"])
                let busy = try #require(try await connection.read(until: "error").last)
                #expect(busy["error"]?["code"] == "conversation_already_has_active_response")
                #expect(try await connection.read(until: "response.done").last?["response"]?["status"] == "completed")
            }
        }
    }

    @Test func betaDialectByHeader() async throws {
        try await Self.withServer { base, _ in
            var headers = HTTPFields()
            headers[HTTPField.Name("OpenAI-Beta")!] = "realtime=v1"
            _ = try await RealtimeTestConnection.exchange(base, query: "model=gpt-4o-realtime-preview-2025-06-03", headers: headers) { connection in
                let created = try #require(try await connection.next())
                #expect(created["session"]?["modalities"] == ["audio", "text"])
                #expect(created["session"]?["voice"] == "alloy")
                #expect(created["session"]?["temperature"] == 0.8)
                #expect(try await connection.next()?["type"] == "conversation.created")
                try await connection.send(["type": "session.update", "session": ["temperature": 0.4]])
                #expect(try await connection.read(until: "error").last?["error"]?["param"] == "session.temperature")
                try await connection.send([
                    "type": "conversation.item.create",
                    "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "Hi"]]],
                ])
                try await connection.send(["type": "response.create"])
                let events = try await connection.read(until: "response.done")
                #expect(
                    events.withoutDeltas == [
                        "conversation.item.created", "response.created", "response.output_item.added", "conversation.item.created",
                        "response.content_part.added", "response.audio.done", "response.audio_transcript.done", "response.content_part.done",
                        "response.output_item.done", "response.done",
                    ])
            }
        }
    }

    @Test func sessionExpiresWithCloseCode1001() async throws {
        try await Self.withServer(Self.configuration { $0.maxSessionDuration = .seconds(1) }) { base, _ in
            let outcome = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                let error = try #require(try await connection.read(until: "error").last)
                #expect(error["error"]?["code"] == "session_expired")
                #expect(error["error"]?["message"] == "Your session hit the maximum duration of 1 second.")
                while try await connection.next() != nil {}
            }
            #expect(outcome.close?.closeCode == .goingAway)
            #expect(outcome.close?.reason == "Your session hit the maximum duration of 1 second.")
        }
    }

    @Test func scenarioFaultsCloseAndSendHugeFrames() async throws {
        let scenario = Scenario(turns: [
            ScenarioTurn(reply: "One two three.", faults: [ScenarioFault(point: .beforeResponse, action: .hugeFrame(bytes: 20 << 20))]),
            ScenarioTurn(
                reply: "Four five six seven eight nine ten.",
                faults: [
                    ScenarioFault(point: .afterDelta(2), action: .close(code: 4000, reason: "scripted close"))
                ]),
        ])
        try await Self.withServer(Self.configuration { $0.scenario = scenario }) { base, _ in
            let outcome = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(["type": "response.create"])
                let first = try await connection.read(until: "response.done")
                let huge = try #require(first.first("conversation.item.retrieved"))
                #expect((huge["item"]?["content"]?.arrayValue?.first?["audio"]?.stringValue?.utf8.count ?? 0) > 20_000_000)
                try await connection.send(["type": "response.create"])
                while try await connection.next() != nil {}
                #expect(connection.received.types.filter { $0 == "response.output_audio.delta" }.count >= 2)
            }
            #expect(outcome.close?.closeCode == .unknown(4000))
            #expect(outcome.close?.reason == "scripted close")
        }
    }

    @Test func functionCallFlow() async throws {
        let scenario = Scenario(turns: [
            ScenarioTurn(reply: "It is sunny.", toolCall: ScenarioToolCall(name: "get_weather", arguments: #"{"city":"Paris"}"#))
        ])
        try await Self.withServer(Self.configuration { $0.scenario = scenario }) { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send(["type": "response.create"])
                let call = try await connection.read(until: "response.done")
                #expect(
                    call.withoutDeltas == [
                        "response.created", "response.output_item.added", "conversation.item.added", "response.function_call_arguments.done",
                        "response.output_item.done", "conversation.item.done", "response.done",
                    ])
                let done = try #require(call.first("response.function_call_arguments.done"))
                #expect(done["arguments"] == #"{"city":"Paris"}"#)
                #expect(done["name"] == "get_weather")
                let callID = try #require(done["call_id"]?.stringValue)
                try await connection.send([
                    "type": "conversation.item.create", "item": ["type": "function_call_output", "call_id": "call_nope", "output": "{}"],
                ])
                #expect(try await connection.read(until: "error").last?["error"]?["param"] == "item.call_id")
                try await connection.send([
                    "type": "conversation.item.create",
                    "item": ["type": "function_call_output", "call_id": .string(callID), "output": #"{"temp_c":21}"#],
                ])
                try await connection.send(["type": "response.create"])
                let reply = try await connection.read(until: "response.done")
                #expect(reply.first("response.output_audio_transcript.done")?["transcript"] == "It is sunny.")
            }
        }
    }

    @Test func idleTimeoutCommitsTheSilenceAndAnswers() async throws {
        try await Self.withServer { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send([
                    "type": "session.update",
                    "session": [
                        "type": "realtime", "output_modalities": ["text"],
                        "audio": ["input": ["turn_detection": ["type": "server_vad", "idle_timeout_ms": 500]]],
                    ],
                ])
                let updated = try #require(try await connection.read(until: "session.updated").last)
                #expect(updated["session"]?["audio"]?["input"]?["turn_detection"]?["idle_timeout_ms"] == 500)
                try await connection.send(["type": "response.create"])
                _ = try await connection.read(until: "response.done")
                try await connection.append(SyntheticSignal(durationMs: 1000).samples())
                let events = try await connection.read(until: "response.created")
                #expect(
                    events.withoutDeltas.filter { $0 != "rate_limits.updated" } == [
                        "input_audio_buffer.timeout_triggered", "input_audio_buffer.committed", "conversation.item.added",
                        "conversation.item.done", "response.created",
                    ])
                let timeout = try #require(events.first("input_audio_buffer.timeout_triggered"))
                #expect(timeout["audio_end_ms"]?.intValue.map { $0 >= 500 } == true)
                #expect(
                    try await connection.read(until: "response.output_text.done").last?["text"]
                        == "Are you still there? This is the rtconsole simulator.")
            }
        }
    }

    @Test func inputTranscriptionArrivesAfterTheCommit() async throws {
        let scenario = Scenario(turns: [ScenarioTurn(userTranscript: "What time is it?")])
        try await Self.withServer(Self.configuration { $0.scenario = scenario }) { base, _ in
            _ = try await RealtimeTestConnection.exchange(base) { connection in
                _ = try await connection.read(until: "session.created")
                try await connection.send([
                    "type": "session.update",
                    "session": [
                        "type": "realtime", "audio": ["input": ["transcription": ["model": "gpt-4o-mini-transcribe"]]],
                    ],
                ])
                _ = try await connection.read(until: "session.updated")
                try await connection.append(Self.speech)
                let events = try await connection.read(until: "conversation.item.input_audio_transcription.completed")
                let committed = try #require(events.types.firstIndex(of: "input_audio_buffer.committed"))
                let firstDelta = try #require(events.types.firstIndex(of: "conversation.item.input_audio_transcription.delta"))
                #expect(committed < firstDelta)
                let deltas = events.filter { $0["type"] == "conversation.item.input_audio_transcription.delta" }.compactMap {
                    $0["delta"]?.stringValue
                }
                #expect(deltas.joined() == "What time is it?")
                let completed = try #require(events.last)
                #expect(completed["transcript"] == "What time is it?")
                #expect(completed["usage"]?["type"] == "tokens")
                let transcript = try #require(try await connection.read(until: "response.output_audio_transcript.done").last)
                #expect(transcript["transcript"] == "You said: What time is it? This is the rtconsole simulator.")
            }
        }
    }

    @Test func stoppingTheServerClosesSessionsWith1001() async throws {
        let server = SimulatorServer(configuration: SimulatorConfiguration(voiceSynthesis: .tones))
        let base = try await server.start()
        async let outcome = RealtimeTestConnection.exchange(base) { connection in
            _ = try await connection.read(until: "session.created")
            while try await connection.next() != nil {}
        }
        while await server.activeSessionCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
        await server.stop()
        let result = try await outcome
        #expect(result.close?.closeCode == .goingAway)
        #expect(result.close?.reason == "The server is shutting down.")
        #expect(await server.activeSessionCount == 0)
    }

    @Test func httpErrorsForWrongPathsAndKeys() async throws {
        try await Self.withServer(Self.configuration { $0.requiredAPIKey = "sk-right" }) { base, _ in
            let http = URL(string: base.absoluteString.replacingOccurrences(of: "ws://", with: "http://"))!
            let (notFoundBody, notFound) = try await URLSession.shared.data(from: http.appendingPathComponent("models"))
            #expect((notFound as? HTTPURLResponse)?.statusCode == 404)
            #expect(try JSONParser.parse(String(decoding: notFoundBody, as: UTF8.self))["error"]?["type"] == "invalid_request_error")
            var request = URLRequest(url: http.appendingPathComponent("realtime"))
            request.setValue("Bearer sk-wrong-key-1234", forHTTPHeaderField: "Authorization")
            let (body, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 401)
            #expect(try JSONParser.parse(String(decoding: body, as: UTF8.self))["error"]?["code"] == "invalid_api_key")
            var authorized = HTTPFields()
            authorized[.authorization] = "Bearer sk-right"
            _ = try await RealtimeTestConnection.exchange(base, headers: authorized) { connection in
                let first = try await connection.next()
                #expect(first?["type"] == "session.created")
            }
        }
    }

    @Test func aPortInUseIsOneClearLine() async throws {
        let first = SimulatorServer(configuration: SimulatorConfiguration())
        let base = try await first.start()
        var taken = SimulatorConfiguration()
        taken.port = base.port ?? 0
        let second = SimulatorServer(configuration: taken)
        do {
            _ = try await second.start()
            Issue.record("two servers on one port")
        } catch {
            #expect("\(error)".contains("the port is in use; pick another --port, or 0 for a free one"), "\(error)")
            #expect(!"\(error)".contains("errno"))
        }
        await first.stop()
    }
}
