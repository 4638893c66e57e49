import Foundation
import Testing

@testable import RealtimeCore

@Suite struct ExportTests {
    static func record() -> SessionRecord {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        var record = SessionRecord(startedAt: start, endpoint: "127.0.0.1:1/v1/realtime", dialect: .ga, config: SessionConfig())
        var user = ConversationEntry(
            id: "item_1", speaker: .user, text: "What's the weather in Oslo?", isPartial: false,
            createdAt: start.addingTimeInterval(1))
        user.audioMilliseconds = 1800
        var reply = ConversationEntry(
            id: "item_2", speaker: .assistant, text: "It is sunny and warm in Oslo today with a light breeze",
            isPartial: false, createdAt: start.addingTimeInterval(3.5), responseID: "resp_1")
        reply.interrupted = true
        reply.heardText = "It is sunny and warm"
        reply.heardMilliseconds = 1200
        reply.audioMilliseconds = 3400
        record.entries = [user, reply]
        var turn = TurnMetrics(responseID: "resp_1", status: "cancelled")
        turn.statusReason = "turn_detected"
        turn.speechEndedAt = start.addingTimeInterval(3)
        turn.responseCreatedAt = start.addingTimeInterval(3.1)
        turn.firstAudioDeltaAt = start.addingTimeInterval(3.45)
        turn.doneAt = start.addingTimeInterval(5)
        var usage = Usage()
        usage.inputTokens = 100
        usage.inputAudioTokens = 90
        usage.inputTextTokens = 10
        usage.outputTokens = 50
        usage.outputAudioTokens = 40
        usage.outputTextTokens = 10
        usage.totalTokens = 150
        turn.usage = usage
        turn.cost = PriceTable.defaults.prices(for: "gpt-realtime")?.cost(of: usage)
        record.turns = [turn]
        record.usage = usage
        record.cost = turn.cost
        record.configChanges = [SessionRecord.ConfigChange(time: start.addingTimeInterval(2), description: "voice → cedar")]
        return record
    }

    @Test func jsonKeepsOnlyHeardWordsAndRoundTrips() throws {
        let record = Self.record()
        let json = try JSONParser.parse(TranscriptExporter.render(record, as: .json))
        #expect(json["schema_version"] == 1)
        let reply = try #require(json["items"]?.arrayValue?.last)
        #expect(reply["text"] == "It is sunny and warm")
        #expect(reply["interrupted"] == true)
        #expect(reply["heard_ms"] == 1200)
        #expect(json["turns"]?.arrayValue?.first?["latency_first_audio_ms"] == 450)
        let loaded = try SessionRecord.load(json: json, source: "test")
        #expect(loaded.entries.map(\.recordText) == record.entries.map(\.recordText))
        #expect(loaded.entries.last?.interrupted == true)
        #expect(loaded.usage == record.usage)
        #expect(loaded.turns.first?.latencyToFirstDelta == .milliseconds(450))
        #expect(loaded.configChanges == record.configChanges)
    }

    @Test func textFormats() {
        let record = Self.record()
        let md = TranscriptExporter.render(record, as: .md)
        #expect(md.contains("**User** _00:00:01_: What's the weather in Oslo?"))
        #expect(md.contains("It is sunny and warm [interrupted]"))
        #expect(!md.contains("light breeze"))
        #expect(md.contains("voice → cedar"))
        let txt = TranscriptExporter.render(record, as: .txt)
        #expect(txt.hasPrefix("[00:00:01] User: What's the weather in Oslo?\n"))
        let srt = TranscriptExporter.render(record, as: .srt)
        #expect(srt.hasPrefix("1\n00:00:01,000 --> 00:00:02,800\nUser: What's the weather in Oslo?"))
        let vtt = TranscriptExporter.render(record, as: .vtt)
        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:01.000 --> 00:00:02.800\n"))
        #expect(vtt.contains("00:00:03.500 --> "))
    }

    @Test func costUsesCachedPrices() throws {
        var usage = Usage()
        usage.inputAudioTokens = 1_000_000
        usage.cachedAudioTokens = 500_000
        usage.outputAudioTokens = 1_000_000
        let prices = try #require(PriceTable.defaults.prices(for: "gpt-realtime-2025-08-28"))
        #expect(abs(prices.cost(of: usage) - (0.5 * 32 + 0.5 * 0.4 + 64)) < 1e-9)
        #expect(PriceTable.defaults.prices(for: "gpt-realtime-mini")?.audioOutput == 20)
    }

    @Test func atomicWriteReportsUnwritablePaths() {
        #expect(throws: ExportError.self) { try AtomicFile.write("x", to: URL(fileURLWithPath: "/proc/nope/file.txt")) }
    }

    @Test func atomicWriteGoesThroughASymlinkAndRefusesAFIFO() throws {
        let folder = try TestEnvironment.temporaryFolder()
        let target = folder.appendingPathComponent("real.md")
        try "old".write(to: target, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("link.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try AtomicFile.write("new", to: link)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path, "the link stays a link")
        let fifo = folder.appendingPathComponent("pipe.md")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect {
            try AtomicFile.write("x", to: fifo)
        } throws: { error in
            (error as? ExportError)?.description.contains("it is a FIFO, not a regular file") == true
        }
    }

    @Test func manyWritesOfOneFileAtOnceAllSucceedAndLeaveNoTempFile() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let file = folder.appendingPathComponent("session.json")
        let failures = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    do {
                        try AtomicFile.write(String(repeating: "\(index % 10)", count: 50_000), to: file)
                        return false
                    } catch {
                        return true
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 0, "a write must not fail because another one renamed a shared temp file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["session.json"])
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.count == 50_000 && Set(text).count == 1, "the file is one whole write")
    }

    @Test func leftoverTempFilesOfDeadProcessesAreRemovedAndLiveOnesKept() throws {
        let folder = try TestEnvironment.temporaryFolder()
        let own = ProcessInfo.processInfo.processIdentifier
        // A pid that does not run: the kernel's pid_max is at most 2^22.
        let dead: Int32 = 4_194_303
        let names = [".session-a.json.\(dead).3.tmp", ".session-b.json.\(dead).tmp", ".session-c.json.\(own).1.tmp", "session-d.json"]
        for name in names { try "x".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        #expect(AtomicFile.removeLeftovers(in: folder) == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".session-c.json.\(own).1.tmp", "session-d.json"])
    }

    @Test func loadingRefusesOtherFiles() {
        #expect(throws: SessionRecord.LoadError.self) { try SessionRecord.load(json: ["hello": 1], source: "x.json") }
    }
}
