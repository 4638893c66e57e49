import AudioIO
import Foundation
import RealtimeHeadless
import RealtimeSim
import Synchronization
import Testing

@testable import RealtimeCore

/// The session core against the real simulator over a loopback WebSocket, in both dialects,
/// with every frame of each run checked by the conformance checker against the official SDK's types.
@Suite(.serialized) struct SimulatorEndToEndTests {
    final class WireLog: Sendable {
        let writer: EventLogWriter
        init(_ url: URL) throws { writer = try EventLogWriter(url: url) }
    }

    struct Harness {
        var server: SimulatorServer
        var session: RealtimeSession
        var collector: UpdateCollector
        var log: WireLog
        var logURL: URL
        var dialect: Dialect

        func finish() async throws {
            await session.finish()
            await server.stop()
            await log.writer.close()
        }

        func clientEvents(_ type: String) async -> [JSONValue] {
            await log.writer.flush()
            guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { line in
                guard let json = try? JSONParser.parse(String(line)), json["dir"] == "client", json["event"]?["type"]?.stringValue == type else {
                    return nil
                }
                return json["event"]
            }
        }

        var serverErrors: [String] {
            collector.events.filter { $0.direction == .server && $0.type == "error" }.map { JSONWriter.compact($0.summary) }
        }

        func assertConformance() async throws {
            await log.writer.flush()
            let run = try await TestEnvironment.checkConformance(logURL, dialect: dialect.rawValue)
            #expect(run.status == 0, "conformance (\(dialect)): \(run.output) \(run.error)")
            #expect(run.output.contains("conformance:"))
        }
    }

    func start(
        _ dialect: Dialect, config: SessionConfig? = nil, playback: (any AudioPlayback)? = nil, model: String? = nil, scenario: Scenario? = nil
    ) async throws -> Harness {
        var simConfig = SimulatorConfiguration()
        simConfig.dialect = dialect
        simConfig.voiceSynthesis = .tones
        simConfig.scenario = scenario
        let server = SimulatorServer(configuration: simConfig)
        let base = try await server.start()
        var sessionConfig = config ?? SessionConfig()
        if dialect == .beta, config == nil { sessionConfig.voice = "alloy" }
        let endpoint = Endpoint.custom(
            baseURL: base.absoluteString, model: model ?? (dialect == .ga ? "gpt-realtime" : "gpt-4o-realtime-preview-2025-06-03"),
            dialect: dialect, credential: nil, kind: .localSimulator)!
        var options = SessionOptions(endpoint: endpoint, config: sessionConfig)
        options.playback = playback
        let logURL = try TestEnvironment.temporaryFolder().appendingPathComponent("wire-\(dialect).jsonl")
        let log = try WireLog(logURL)
        let session = RealtimeSession(options: options) { direction, text in log.writer.append(direction, text) }
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("session.updated") { updates in updates.contains { if case .configuration = $0 { true } else { false } } }
        return Harness(server: server, session: session, collector: collector, log: log, logURL: logURL, dialect: dialect)
    }

    static func turns(_ updates: [SessionUpdate]) -> [TurnMetrics] {
        updates.compactMap { if case .turn(let t) = $0 { t } else { nil } }
    }

    @Test(arguments: Dialect.allCases)
    func textTurn(_ dialect: Dialect) async throws {
        var config = SessionConfig()
        config.outputModality = .text
        if dialect == .beta { config.voice = "alloy" }
        let h = try await start(dialect, config: config)
        try await h.session.sendText("Hello there")
        try await h.collector.wait("a finished turn") { Self.turns($0).count == 1 }
        let entries = await h.session.conversation.entries
        #expect(entries.first?.speaker == .user)
        #expect(entries.first?.text == "Hello there")
        let reply = try #require(entries.last)
        #expect(reply.speaker == .assistant)
        #expect(!reply.text.isEmpty)
        #expect(reply.isPartial == false)
        let turn = try #require(Self.turns(h.collector.all).first)
        #expect(turn.status == "completed")
        #expect((turn.usage?.totalTokens ?? 0) > 0)
        #expect(turn.cost != nil)
        try await h.finish()
        try await h.assertConformance()
    }

    @Test(arguments: Dialect.allCases)
    func serverVADVoiceTurn(_ dialect: Dialect) async throws {
        let h = try await start(dialect, playback: try TestEnvironment.player(.instant))
        let audio = TestSignals.silence(ms: 400) + TestSignals.voiced(ms: 1200) + TestSignals.silence(ms: 1200)
        let speechEnd = PCM.samples(forMilliseconds: 1600)
        #expect(await h.session.inputPacing == .idle)
        for start in stride(from: 0, to: speechEnd, by: 480) {
            await h.session.sendAudio(Array(audio[start..<start + 480]))
        }
        try await h.collector.wait("the server hearing speech") { $0.contains(.userSpeaking(true)) }
        #expect(await h.session.inputPacing == .realTime, "while the server hears speech, a microphone must not gather its audio")
        for start in stride(from: speechEnd, to: audio.count, by: 480) {
            await h.session.sendAudio(Array(audio[start..<min(start + 480, audio.count)]))
        }
        try await h.collector.wait("a finished voice turn") { Self.turns($0).count == 1 }
        #expect(h.collector.all.contains(.userSpeaking(true)))
        #expect(h.collector.all.contains(.userSpeaking(false)))
        let types = h.collector.events.filter { $0.direction == .server }.map(\.type)
        let order = [
            "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed", "response.created",
            "response.done",
        ]
        let positions = order.map { name in types.firstIndex(of: name) ?? -1 }
        #expect(!positions.contains(-1), "missing events in \(types)")
        #expect(positions == positions.sorted(), "out of order: \(types)")
        let entries = await h.session.conversation.entries
        #expect(entries.contains { $0.speaker == .user })
        let reply = try #require(entries.last { $0.speaker == .assistant })
        #expect(reply.audioMilliseconds > 0)
        #expect(await h.session.configuration.lockReason(.voice) != nil)
        try await h.finish()
        try await h.assertConformance()
        let frames = (audio.count + 479) / 480
        let appendCount: ([SessionUpdate]) -> Int = { updates in
            updates.reduce(0) { sum, update in
                guard case .event(let record) = update, record.type == "input_audio_buffer.append" else { return sum }
                return sum + record.count
            }
        }
        try await h.collector.wait("every append reported to the inspector") { appendCount($0) == frames }
        #expect(h.collector.events.filter { $0.type == "input_audio_buffer.append" }.count < frames / 2, "appends are reported in runs")
    }

    @Test(arguments: Dialect.allCases)
    func bargeInTruncatesAtWhatWasHeard(_ dialect: Dialect) async throws {
        let playback = try TestEnvironment.player(.realTime)
        let h = try await start(dialect, playback: playback)
        try await h.session.sendText(String(repeating: "Please read this long sentence back to me slowly and clearly. ", count: 4))
        try await h.collector.wait("reply audio") { updates in
            updates.contains { if case .entry(let e) = $0 { e.speaker == .assistant && e.audioMilliseconds > 1500 } else { false } }
        }
        try await Task.sleep(for: .milliseconds(700))
        let speech = TestSignals.voiced(ms: 900) + TestSignals.silence(ms: 1000)
        for start in stride(from: 0, to: speech.count, by: 480) {
            await h.session.sendAudio(Array(speech[start..<min(start + 480, speech.count)]))
            try await Task.sleep(for: .milliseconds(5))
        }
        try await h.collector.wait("the barge-in") { updates in updates.contains { if case .bargeIn = $0 { true } else { false } } }
        try await h.collector.wait("the truncation") { _ in
            h.collector.events.contains { $0.type == "conversation.item.truncated" }
        }
        let truncate = try #require(await h.clientEvents("conversation.item.truncate").first)
        let heard = try #require(truncate["audio_end_ms"]?.intValue)
        let entries = await h.session.conversation.entries
        let cut = try #require(entries.first { $0.interrupted })
        #expect(heard >= 500, "heard \(heard) ms")
        #expect(heard < cut.audioMilliseconds)
        #expect(cut.heardMilliseconds == heard)
        let heardText = try #require(cut.heardText)
        #expect(!heardText.isEmpty && heardText.count < cut.text.count)
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        try await h.finish()
        try await h.assertConformance()
    }

    @Test func aPushToTalkTapTapUnderServerVADLeavesTheTurnToTheServer() async throws {
        let h = try await start(.ga)
        try await h.session.beginPushToTalk()
        let audio = TestSignals.silence(ms: 200) + TestSignals.voiced(ms: 1000) + TestSignals.silence(ms: 1500)
        for start in stride(from: 0, to: audio.count, by: 480) {
            await h.session.sendAudio(Array(audio[start..<min(start + 480, audio.count)]))
        }
        try await h.collector.wait("the server's commit") { _ in h.collector.events.contains { $0.type == "input_audio_buffer.committed" } }
        try await h.session.endPushToTalk()
        try await h.collector.wait("the reply") { Self.turns($0).count == 1 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await h.clientEvents("input_audio_buffer.commit").isEmpty, "the second tap commits nothing")
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        #expect(await h.session.conversation.entries.filter { $0.speaker == .user }.count == 1, "no stray turn")
        #expect(!h.collector.notices.contains { $0.text.contains("still answering") })
        try await h.finish()
        try await h.assertConformance()
    }

    @Test func aReasoningModelSpeaksAPreambleThenAnswersAndTakesAnEffortChangeMidCall() async throws {
        let h = try await start(.ga, config: SessionConfig(), playback: try TestEnvironment.player(.instant), model: "gpt-realtime-2.1")
        #expect(await h.session.confirmedConfig.reasoningEffort == .low, "the model reports its default effort")
        try await h.session.sendText("What is the weather in Paris?")
        try await h.collector.wait("the first reply") { Self.turns($0).count == 1 }
        let replies = await h.session.conversation.entries.filter { $0.speaker == .assistant }
        #expect(replies.map(\.text) == ["Let me think.", "You said: What is the weather in Paris? This is the rtconsole simulator."])
        #expect(replies.allSatisfy { $0.audioMilliseconds > 0 && !$0.isPartial && !$0.interrupted })
        var config = await h.session.desiredConfig
        config.reasoningEffort = .high
        try await h.session.updateConfig(config)
        try await h.collector.wait("the confirmed effort") { updates in
            updates.contains { if case .configuration(let ledger) = $0 { ledger.confirmed.reasoningEffort == .high } else { false } }
        }
        let sent = await h.clientEvents("session.update").last
        #expect(sent?["session"]?["reasoning"]?["effort"] == "high")
        #expect(sent?["session"]?["instructions"] == nil, "only what changed is sent")
        try await h.session.sendText("And tomorrow?")
        try await h.collector.wait("the second reply") { Self.turns($0).count == 2 }
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        try await h.finish()
        try await h.assertConformance()
    }

    @Test func aBargeInDuringThePreambleTruncatesItAndDeletesTheUnheardAnswer() async throws {
        let preamble = "Let me think about that for a moment, because it deserves a careful and complete answer, one worth waiting for."
        let scenario = Scenario(turns: [ScenarioTurn(reply: "Here is the answer you were waiting for.", preamble: preamble)])
        let h = try await start(
            .ga, config: SessionConfig(), playback: try TestEnvironment.player(.realTime), model: "gpt-realtime-2.1",
            scenario: scenario)
        try await h.session.sendText("Tell me something.")
        try await h.collector.wait("the answer's audio") { updates in
            updates.contains { if case .entry(let e) = $0 { e.text.hasPrefix("Here") && e.audioMilliseconds > 0 } else { false } }
        }
        try await Task.sleep(for: .milliseconds(300))
        try await h.session.interrupt()
        try await h.collector.wait("the answer deleted on the server") { _ in
            h.collector.events.contains { $0.type == "conversation.item.deleted" }
        }
        let entries = await h.session.conversation.entries.filter { $0.speaker == .assistant }
        let said = try #require(entries.first { $0.text.hasPrefix("Let me") })
        let answer = try #require(entries.first { $0.text.hasPrefix("Here") })
        let truncate = try #require(await h.clientEvents("conversation.item.truncate").first)
        #expect(truncate["item_id"]?.stringValue == said.id)
        #expect((truncate["audio_end_ms"]?.intValue ?? 0) > 0 && said.heardMilliseconds == truncate["audio_end_ms"]?.intValue)
        #expect(await h.clientEvents("conversation.item.delete").contains { $0["item_id"]?.stringValue == answer.id })
        #expect(answer.interrupted && answer.deleted && answer.heardMilliseconds == 0)
        let record = try JSONParser.parse(TranscriptExporter.render(await h.session.record(), as: .json))
        let exported = try #require(record["items"]?.arrayValue?.first { $0["id"]?.stringValue == answer.id })
        #expect(exported["deleted"] == true && exported["heard_ms"] == 0)
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        try await h.finish()
        try await h.assertConformance()
    }

    @Test(arguments: Dialect.allCases)
    func pushToTalkRefusesShortCommitsAndAnswersLongOnes(_ dialect: Dialect) async throws {
        var config = SessionConfig()
        config.turnDetection = nil
        if dialect == .beta { config.voice = "alloy" }
        let h = try await start(dialect, config: config, playback: try TestEnvironment.player(.instant))
        try await h.session.beginPushToTalk()
        #expect(await h.session.inputPacing == .realTime, "push-to-talk held: the turn's audio goes out as it is captured")
        await h.session.sendAudio(TestSignals.voiced(ms: 60))
        await #expect(throws: SessionError.self) { try await h.session.endPushToTalk() }
        #expect(await h.session.inputPacing == .idle)
        try await h.session.beginPushToTalk()
        let speech = TestSignals.voiced(ms: 800)
        for start in stride(from: 0, to: speech.count, by: 480) { await h.session.sendAudio(Array(speech[start..<start + 480])) }
        try await h.session.endPushToTalk()
        try await h.collector.wait("the push-to-talk reply") { Self.turns($0).count == 1 }
        #expect(!h.collector.events.contains { $0.type.hasPrefix("input_audio_buffer.speech") })
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        try await h.finish()
        try await h.assertConformance()
    }

    @Test(arguments: Dialect.allCases)
    func liveConfigurationChanges(_ dialect: Dialect) async throws {
        let h = try await start(dialect)
        var config = await h.session.desiredConfig
        config.voice = dialect == .ga ? "cedar" : "verse"
        config.turnDetection = .semanticVAD(TurnDetection.SemanticVAD(eagerness: .high))
        config.temperature = 1.0
        let update = try await h.session.updateConfig(config)
        #expect(update.skipped.map(\.field) == (dialect == .ga ? ["temperature"] : []))
        try await h.collector.wait("the confirmed change") { updates in
            updates.contains { if case .configuration(let c) = $0 { c.confirmed.voice == config.voice } else { false } }
        }
        let confirmed = await h.session.confirmedConfig
        #expect(confirmed.turnDetection == config.turnDetection)
        let sent = await h.clientEvents("session.update").last
        #expect(sent?["session"]?["temperature"] == (dialect == .beta ? 1.0 : nil))
        try await h.finish()
        try await h.assertConformance()
    }
}

extension SimulatorEndToEndTests {
    @Test func typingDuringATextReplyKeepsTheWordsAlreadyShown() async throws {
        var config = SessionConfig()
        config.outputModality = .text
        let h = try await start(.ga, config: config)
        try await h.session.sendText(String(repeating: "Repeat these words back to me at length. ", count: 20))
        try await h.collector.wait("the reply streaming") { updates in
            updates.contains { if case .entry(let e) = $0 { e.speaker == .assistant && e.text.count > 40 } else { false } }
        }
        try await h.session.sendText("Stop, new question.")
        try await h.collector.wait("the second reply") { Self.turns($0).count == 2 }
        let entries = await h.session.conversation.entries
        let cut = try #require(entries.first { $0.interrupted })
        #expect(cut.recordText.count > 40)
        #expect(entries.filter { $0.speaker == .user }.count == 2)
        #expect(h.serverErrors.isEmpty, "server errors: \(h.serverErrors)")
        try await h.finish()
        try await h.assertConformance()
    }

    @Test func quittingMidReplyKeepsWhatWasHeardMarkedInterrupted() async throws {
        let scenario = Scenario(turns: [ScenarioTurn(reply: String(repeating: "This reply is long enough to be cut before its end. ", count: 6))])
        let player = try TestEnvironment.player(.realTime)
        let h = try await start(.ga, playback: player, scenario: scenario)
        try await h.session.sendText("Talk for a while.")
        try await h.collector.wait("a second of the reply's audio") { updates in
            updates.contains { if case .entry(let e) = $0 { e.speaker == .assistant && e.audioMilliseconds > 1000 } else { false } }
        }
        await h.session.finish()
        let reply = try #require(await h.session.record().entries.last { $0.speaker == .assistant })
        #expect(reply.interrupted, "quitting mid-reply is a cut")
        #expect(
            (reply.heardMilliseconds ?? .max) < reply.audioMilliseconds, "heard \(reply.heardMilliseconds ?? -1) of \(reply.audioMilliseconds) ms")
        #expect(reply.recordText.count < reply.text.count)
        await h.server.stop()
    }

    @Test func interruptingWithNothingPlayingSaysSo() async throws {
        let h = try await start(.ga, playback: try TestEnvironment.player(.instant))
        let cut = try await h.session.interrupt()
        #expect(!cut, "nothing was under way")
        #expect(!h.collector.events.contains { $0.type == "response.cancel" }, "nothing is sent")
        await h.session.finish()
        await h.server.stop()
    }
}
