import AudioIO
import Foundation
import RealtimeTestSupport
import Testing

@testable import RealtimeCore

/// A GPT-Live call against a scripted server that plays the sequences the service was seen to send.
@Suite(.serialized) struct LiveSessionTests {
    static func frame(_ event: LiveServerEvent, id: String? = nil, answering: String? = nil) -> ScriptedServer.Step {
        .text(JSONWriter.compact(LiveServerFrame(event, eventID: id, clientEventID: answering).json))
    }

    static func audio(milliseconds: Int, amplitude: Int16 = 0) -> ScriptedServer.Step {
        let samples = (0..<(milliseconds * 24)).map { index in index % 2 == 0 ? amplitude : -amplitude }
        return frame(.outputAudioDelta(audio: PCM.bytes(samples).base64EncodedString(), span: nil))
    }

    static func started(_ id: String, input: [LiveInputMessage] = []) -> ScriptedServer.Step {
        let config = LiveSessionConfig(model: "gpt-live-1", format: .pcm24k, voice: "marin", delegation: .client(), input: input)
        let expiry = Int(Date().timeIntervalSince1970) + 600
        return frame(.sessionStarted(LiveSessionResource(id: id, expiresAt: expiry, config: config)), id: "event_s", answering: "rtc_1")
    }

    func session(_ server: ScriptedServer, reconnect: ReconnectPolicy = .never) throws -> RealtimeSession {
        var config = SessionConfig()
        config.model = "gpt-live-1"
        let endpoint = Endpoint.live(baseURL: server.baseURL, model: "gpt-live-1", credential: nil)!
        var options = SessionOptions(endpoint: endpoint, config: config, playback: try TestEnvironment.player(.instant), reconnect: reconnect)
        options.transport.connectTimeout = .seconds(10)
        return RealtimeSession(options: options)
    }

    /// The observed call: a spoken question, a client delegation, the model's acknowledgement, usage, close.
    @Test func aSpokenTurnWithADelegationBecomesTheConversation() async throws {
        let silence = (0..<8).map { _ in Self.audio(milliseconds: 100) }
        let speech = (0..<3).map { _ in Self.audio(milliseconds: 100, amplitude: 3000) }
        let script: [ScriptedServer.Step] =
            [.awaitClientMessages(1), Self.started("live_obs")] + silence + [
                Self.frame(.inputTranscriptDelta(text: "Please", span: LiveSpan(startMs: 600, endMs: 800)), id: "e1"),
                Self.frame(.inputTranscriptDelta(text: " check staging.", span: LiveSpan(startMs: 800, endMs: 1000)), id: "e2"),
                Self.frame(.delegationCreated(LiveDelegationNotice(id: "item_d1", target: "client", offsetMs: 1100)), id: "e3"),
                Self.frame(.outputTranscriptDelta(text: "Okay,", span: LiveSpan(startMs: 1300, endMs: 1500)), id: "e4"),
            ] + speech + [Self.frame(.outputTranscriptDelta(text: " one moment.", span: LiveSpan(startMs: 1500, endMs: 1700)), id: "e5")]
            + silence + silence + [
                Self.frame(.usageUpdated(LiveUsage(seconds: 7, contextUsageRatio: 0.0088)), id: "e6"),
                .awaitClientMessages(2),
                Self.frame(.inputAudioMuted, id: "e7", answering: "rtc_2"),
                .awaitClientMessages(3),
                Self.frame(
                    .sessionClosed(
                        reason: "close_requested",
                        session: LiveSessionResource(id: "live_obs", expiresAt: 0, config: LiveSessionConfig(model: "gpt-live-1")),
                        usage: LiveUsage(seconds: 9)), id: "e8"),
                .close(code: 1000, reason: ""),
            ]
        let server = try await ScriptedServer.start(script: script)
        let session = try session(server)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("a finished reply") { updates in updates.contains { if case .turn = $0 { true } else { false } } }
        try await collector.wait("the usage") { updates in updates.contains { if case .totals(_, let cost?) = $0 { cost > 0 } else { false } } }
        await session.setInputMuted(true)
        try await collector.wait("the mute ack") { _ in collector.notices.contains { $0.text.hasPrefix("muted") } }
        await session.finish()
        let entries = await session.conversation.entries
        #expect(entries.map(\.speaker) == [.user, .assistant, .assistant])
        #expect(entries.first { $0.speaker == .user }?.text == "Please check staging.")
        #expect(entries.first { $0.kind == .functionCall }?.text == "Please check staging.", "the delegation's task is the user's words")
        #expect(entries.last?.text == "Okay, one moment.")
        #expect(entries.last?.audioMilliseconds ?? 0 >= 300)
        #expect(entries.allSatisfy { !$0.isPartial })
        let turns = await session.completedTurns
        #expect(turns.count == 1)
        #expect(turns.first?.status == "completed")
        #expect(await session.liveSeconds == 9, "the final usage of session.closed, not a sum")
        let record = await session.record()
        #expect(record.api == .live)
        #expect(abs((record.cost ?? 0) - 9.0 / 60 * 0.05) < 1e-9)
        let sent = server.clientMessages.compactMap { try? JSONParser.parse($0)["type"]?.stringValue }
        #expect(sent.first == "session.start")
        #expect(sent.contains("session.input_audio.mute"))
        #expect(sent.last == "session.close")
        let start = try JSONParser.parse(server.clientMessages[0])
        #expect(start["session"]?["model"]?.stringValue == "gpt-live-1")
        #expect(start["session"]?["audio"]?["format"]?["rate"]?.intValue == 24_000)
        #expect(start["session"]?["delegation"]?["type"]?.stringValue == "client")
        await server.stop()
    }

    @Test func aRefusedStartIsOneLine() async throws {
        let refusal = LiveServerEvent.error(
            ErrorDetail(code: "unknown_parameter", message: "Unknown parameter: 'session.voice'.", param: "session.voice", eventID: "rtc_1"))
        let server = try await ScriptedServer.start(script: [.awaitClientMessages(1), Self.frame(refusal, id: "e1", answering: "rtc_1")])
        let session = try session(server, reconnect: ReconnectPolicy(delays: [.zero]))
        await #expect {
            try await session.connect()
        } throws: { error in
            let message = (error as? SessionError)?.message ?? ""
            return message == "the server refused session.start: Unknown parameter: 'session.voice'. (unknown_parameter, session.voice)"
        }
        await session.finish()
        await server.stop()
    }

    @Test func anExpiredSessionIsFollowedByANewOneSeededWithTheConversation() async throws {
        let ended = LiveServerEvent.sessionClosed(
            reason: "expired", session: LiveSessionResource(id: "live_x", expiresAt: 0, config: LiveSessionConfig(model: "gpt-live-1")),
            usage: LiveUsage(seconds: 4))
        let firstCall: [ScriptedServer.Step] = [
            .awaitClientMessages(1), Self.started("live_x"),
            Self.frame(.inputTranscriptDelta(text: "Hello", span: LiveSpan(startMs: 0, endMs: 200)), id: "e1"),
            Self.frame(.outputTranscriptDelta(text: "Hi there", span: LiveSpan(startMs: 400, endMs: 600)), id: "e2"),
            Self.audio(milliseconds: 100), .awaitClientMessages(2), Self.frame(ended, id: "e3"), .close(code: 1000, reason: ""),
        ]
        let server = try await ScriptedServer.start(script: firstCall)
        let session = try session(server, reconnect: ReconnectPolicy(delays: [.zero, .milliseconds(100)]))
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the reply") { _ in collector.all.contains { if case .assistantResponding(true) = $0 { true } else { false } } }
        await session.setInputMuted(true)
        try await collector.wait("a second session") { _ in
            server.clientMessages.filter { $0.contains(#""type":"session.start""#) }.count >= 2
        }
        try await collector.wait("the mute again") { _ in server.clientMessages.filter { $0.contains("session.input_audio.mute") }.count >= 2 }
        let starts = server.clientMessages.filter { $0.contains(#""type":"session.start""#) }
        let seeded = try JSONParser.parse(starts[1])["session"]?["input"]?.arrayValue ?? []
        #expect(seeded.map { $0["role"]?.stringValue } == ["user", "assistant"])
        #expect(seeded.first?["content"]?.arrayValue?.first?["text"]?.stringValue == "Hello")
        #expect(collector.notices.contains { $0.text.contains("time limit") })
        let ids = await session.conversation.entries.map(\.id)
        #expect(Set(ids).count == ids.count)
        await session.finish()
        await server.stop()
    }

    @Test func realtimeOnlyRequestsAreRefusedInOneLine() async throws {
        let server = try await ScriptedServer.start(script: [.awaitClientMessages(1), Self.started("live_r")])
        let session = try session(server)
        try await session.connect()
        await #expect(throws: SessionError.self) { try await session.sendText("hi") }
        await #expect(throws: SessionError.self) { try await session.interrupt() }
        await #expect(throws: SessionError.self) { try await session.beginPushToTalk() }
        var changed = await session.desiredConfig
        changed.voice = "cedar"
        await #expect(throws: SessionError.self) { try await session.updateConfig(changed) }
        await session.finish()
        await server.stop()
    }

    @Test(arguments: [
        ("content", "the service's safety filter ended the session"), ("remote_hangup", "the other end hung up"),
        ("close_requested", "the session was closed from elsewhere"), ("connection_lost", "the service lost the session's connection"),
        ("expired", "reached its time limit"),
    ])
    func everyCloseReasonIsOneLineAndNothingIsLost(_ reason: String, _ line: String) async throws {
        let closed = LiveServerEvent.sessionClosed(
            reason: reason, session: LiveSessionResource(id: "live_c", expiresAt: 0, config: LiveSessionConfig(model: "gpt-live-1")),
            usage: LiveUsage(seconds: 3))
        let server = try await ScriptedServer.start(script: [
            .awaitClientMessages(1), Self.started("live_c"),
            Self.frame(.inputTranscriptDelta(text: "Hi", span: LiveSpan(startMs: 0, endMs: 200)), id: "e1"),
            Self.frame(.outputTranscriptDelta(text: "Hello", span: LiveSpan(startMs: 400, endMs: 600)), id: "e2"),
            Self.audio(milliseconds: 100, amplitude: 2000), Self.frame(closed, id: "e3"), .close(code: 1000, reason: ""),
        ])
        let autosave = try TestEnvironment.temporaryFolder().appendingPathComponent("call.json")
        var config = SessionConfig()
        config.model = "gpt-live-1"
        var options = SessionOptions(
            endpoint: Endpoint.live(baseURL: server.baseURL, model: "gpt-live-1", credential: nil)!, config: config,
            playback: try TestEnvironment.player(.instant), reconnect: ReconnectPolicy(delays: [.seconds(5)]))
        options.autosave = autosave
        let session = RealtimeSession(options: options)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the close line") { _ in collector.notices.contains { $0.text.contains(line) } }
        let lines = collector.notices.filter { $0.text.contains(line) }
        #expect(lines.count == 1 && !lines[0].text.contains("\n"))
        await session.finish()
        await session.saveRecord()
        let saved = try SessionRecord.load(contentsOf: autosave)
        #expect(saved.entries.map(\.text) == ["Hi", "Hello"])
        #expect(saved.liveSeconds == 3)
        await server.stop()
    }

    @Test func aSessionRollsOverBeforeItsExpiryAndCarriesTheConversation() async throws {
        let config = LiveSessionConfig(model: "gpt-live-1", format: .pcm24k, voice: "marin", delegation: .client())
        let soon = LiveSessionResource(id: "live_soon", expiresAt: Int(Date().timeIntervalSince1970) + 3, config: config)
        let server = try await ScriptedServer.start(
            script: [
                .awaitClientMessages(1), Self.frame(.sessionStarted(soon), id: "e0", answering: "rtc_1"),
                Self.frame(.inputTranscriptDelta(text: "Hello", span: LiveSpan(startMs: 0, endMs: 200)), id: "e1"),
                Self.frame(.outputTranscriptDelta(text: "Hi", span: LiveSpan(startMs: 300, endMs: 500)), id: "e2"),
                Self.frame(.usageUpdated(LiveUsage(seconds: 2)), id: "e3"),
            ] + (0..<15).map { _ in Self.audio(milliseconds: 100) })
        var sessionConfig = SessionConfig()
        sessionConfig.model = "gpt-live-1"
        let options = SessionOptions(
            endpoint: Endpoint.live(baseURL: server.baseURL, model: "gpt-live-1", credential: nil)!, config: sessionConfig,
            playback: try TestEnvironment.player(.instant), reconnect: ReconnectPolicy(sessionLimit: .seconds(3600)))
        let session = RealtimeSession(options: options)
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait(timeout: .seconds(15), "a second session.start") { _ in
            server.clientMessages.filter { $0.contains(#""type":"session.start""#) }.count >= 2
        }
        let sent = server.clientMessages.compactMap { try? JSONParser.parse($0)["type"]?.stringValue }
        let secondStart = try #require(sent.indices.filter { sent[$0] == "session.start" }.last)
        #expect(sent[..<secondStart].contains("session.close"), "the old session is closed first: \(sent)")
        let seeded = try JSONParser.parse(server.clientMessages[secondStart])["session"]?["input"]?.arrayValue ?? []
        #expect(seeded.count == 2)
        #expect(await session.liveSeconds >= 2, "the old session's seconds still count")
        await session.finish()
        await server.stop()
    }
}
