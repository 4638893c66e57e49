import Foundation

/// Reads `--history`: an rtconsole session JSON, or a plain or Markdown transcript with `User:` / `Assistant:` lines.
public enum HistoryLoader {
    /// A history file that is not one of the accepted formats, in one line.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Loads the entries of a history file.
    public static func load(contentsOf url: URL) throws(Failure) -> [ConversationEntry] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw Failure(message: "--history \(url.path) cannot be read (missing, unreadable or not UTF-8)")
        }
        return try parse(text, source: url.path)
    }

    /// Parses history text.
    public static func parse(_ text: String, source: String) throws(Failure) -> [ConversationEntry] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            do {
                let record = try SessionRecord.load(json: try JSONParser.parse(trimmed), source: source)
                return record.entries.filter { !$0.recordText.isEmpty || $0.kind != .message }
            } catch let error as SessionRecord.LoadError {
                throw Failure(message: error.message)
            } catch {
                throw Failure(
                    message: "--history \(source) looks like JSON but is not valid (\(error)); give an rtconsole session file or a transcript")
            }
        }
        var entries: [ConversationEntry] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard let (speaker, said) = speakerLine(line) else {
                if !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("-"), !line.hasPrefix("|"), var last = entries.popLast() {
                    last.text += " " + line
                    entries.append(last)
                }
                continue
            }
            entries.append(ConversationEntry(id: "hist_\(entries.count + 1)", speaker: speaker, text: said, isPartial: false))
        }
        guard !entries.isEmpty else {
            throw Failure(
                message:
                    "--history \(source) has no conversation: use an rtconsole session JSON, or lines such as `User: …` and `Assistant: …` (Markdown or plain text)"
            )
        }
        return entries
    }

    /// Reads `User: text`, `**User** _00:01_: text`, `[00:00:01] Assistant: text` and the like.
    static func speakerLine(_ line: String) -> (ConversationEntry.Speaker, String)? {
        var rest = Substring(line)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...].drop { $0 == " " } }
        rest = rest.drop { $0 == "*" || $0 == "#" || $0 == " " || $0 == ">" }
        let lower = rest.lowercased()
        let speakers: [(String, ConversationEntry.Speaker)] = [
            ("user", .user), ("you", .user), ("assistant", .assistant), ("agent", .assistant),
            ("model", .assistant), ("system", .system),
        ]
        for (name, speaker) in speakers where lower.hasPrefix(name) {
            var after = rest.dropFirst(name.count).drop { $0 == "*" || $0 == " " }
            if after.hasPrefix("_"), let end = after.dropFirst().firstIndex(of: "_") { after = after[after.index(after: end)...] }
            guard after.hasPrefix(":") else { continue }
            let said = after.dropFirst().trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: " [interrupted]", with: "")
            return said.isEmpty ? nil : (speaker, said)
        }
        return nil
    }
}
