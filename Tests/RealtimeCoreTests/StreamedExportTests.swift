import Foundation
import Testing

@testable import RealtimeCore

/// The JSON record goes to its file a piece at a time, and comes out as the indented JSON a reader expects.
@Suite struct StreamedExportTests {
    /// A sink that keeps the pieces it is given.
    struct Pieces: TextSink {
        var pieces: [String] = []
        mutating func write(_ text: String) { pieces.append(text) }
    }

    /// A record of `count` entries whose texts need escapes, reach past ASCII and differ in length.
    static func record(entries count: Int, secret: String? = nil) -> SessionRecord {
        var record = ExportTests.record()
        let start = record.startedAt
        for index in 0..<count {
            var entry = ConversationEntry(
                id: "item_bulk_\(index)", speaker: index.isMultiple(of: 2) ? .user : .assistant,
                text: "Line \(index): \"quoted\", a tab\there, a newline\nthen Ålesund — 東京 " + String(repeating: "word ", count: index % 40),
                isPartial: false, createdAt: start.addingTimeInterval(Double(index)), responseID: index.isMultiple(of: 2) ? nil : "resp_\(index)")
            entry.audioMilliseconds = index * 10
            record.entries.append(entry)
        }
        if let secret { record.entries[count / 2].text += " my key is \(secret)" }
        return record
    }

    @Test func piecesAreSmallAndMakeTheIndentedDocument() throws {
        let record = Self.record(entries: 500)
        var sink = Pieces()
        record.writeJSON(to: &sink)
        let text = sink.pieces.joined()
        #expect(JSONWriter.pretty(try JSONParser.parse(text)) == text, "the pieces make exactly the indented form of what they hold")
        #expect(sink.pieces.count > record.entries.count, "each item is a piece of its own")
        #expect(sink.pieces.map(\.utf8.count).max() ?? 0 < 2_000, "no piece holds more than one item")
        let parsed = try JSONParser.parse(text)
        #expect(parsed["items"]?.arrayValue?.count == record.entries.count)
        #expect(parsed["items"]?.arrayValue?.last?["text"]?.stringValue == record.entries.last?.recordText)
        #expect(parsed["config_changes"]?.arrayValue?.first?["change"] == "voice → cedar")
    }

    @Test func anEmptyRecordIsStillACompleteDocument() throws {
        let record = SessionRecord(startedAt: Date(timeIntervalSince1970: 0), endpoint: "e", dialect: .ga, config: SessionConfig())
        let text = TranscriptExporter.render(record, as: .json)
        let parsed = try JSONParser.parse(text)
        #expect(JSONWriter.pretty(parsed) + "\n" == text)
        #expect(text.contains("\"items\": []") && text.contains("\"turns\": []") && text.contains("\"config_changes\": []"))
        #expect(try SessionRecord.load(json: parsed, source: "test").entries.isEmpty)
    }

    @Test func theFileHoldsTheRenderedRecordWithSecretsMasked() throws {
        let secret = "sk-proj-streamedexport0123456789abcdef"
        let record = Self.record(entries: 400, secret: secret)
        let file = try TestEnvironment.temporaryFolder().appendingPathComponent("session.json")
        try TranscriptExporter.write(record, as: .json, to: file)
        let written = try String(contentsOf: file, encoding: .utf8)
        let rendered = TranscriptExporter.render(record, as: .json)
        #expect(rendered.utf8.count > 3 * BufferedFileOutput.capacity, "the file takes several buffers")
        #expect(!written.contains(secret) && !written.contains("streamedexport0123456789abcdef"))
        #expect(written.contains("my key is sk-proj-…(redacted)"))
        #expect(written == rendered.replacingOccurrences(of: secret, with: "sk-proj-…(redacted)"))
        #expect(try SessionRecord.load(json: JSONParser.parse(written), source: "test").entries.count == record.entries.count)
    }

    @Test func aWriteThatFailsHalfWayLeavesTheOldFileAndNoTempFile() throws {
        struct Interrupted: Error {}
        let folder = try TestEnvironment.temporaryFolder()
        let file = folder.appendingPathComponent("session.json")
        try AtomicFile.write("old", to: file)
        #expect(throws: ExportError.self) {
            try AtomicFile.write(to: file) { (output: inout BufferedFileOutput) throws(ExportError) in
                try output.write(String(repeating: "x", count: 5 * BufferedFileOutput.capacity))
                throw ExportError(path: file.path, reason: "interrupted")
            }
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["session.json"])
    }

    @Test func largeAndSmallPiecesArriveInOrder() throws {
        let file = try TestEnvironment.temporaryFolder().appendingPathComponent("pieces.txt")
        let big = String(repeating: "b", count: BufferedFileOutput.capacity + 17)
        try AtomicFile.write(to: file) { (output: inout BufferedFileOutput) throws(ExportError) in
            try output.write("start ")
            try output.write(big)
            try output.write(Data(" middle ".utf8))
            for index in 0..<5_000 { try output.write("\(index),") }
        }
        let expected = "start " + big + " middle " + (0..<5_000).map { "\($0)," }.joined()
        #expect(try String(contentsOf: file, encoding: .utf8) == expected)
    }
}
