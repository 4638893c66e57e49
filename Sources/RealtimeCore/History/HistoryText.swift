import Foundation

/// Turns conversation entries into what a new session is given: items, or a transcript for the instructions.
public enum HistoryText {
    /// The item that carries an entry into a new session, with the entry's id; nil for entries with nothing to say.
    ///
    /// Assistant audio cannot be injected, so assistant entries become text — only the words that were heard.
    public static func item(for entry: ConversationEntry) -> ConversationItem? {
        guard !entry.deleted else { return nil }
        let text = entry.recordText.trimmingCharacters(in: .whitespacesAndNewlines)
        switch entry.kind {
        case .functionCall:
            guard let callID = entry.callID else { return nil }
            return ConversationItem(id: entry.id, type: .functionCall, callID: callID, name: entry.toolName ?? "function", arguments: entry.text)
        case .functionOutput:
            guard let callID = entry.callID else { return nil }
            return ConversationItem(id: entry.id, type: .functionCallOutput, callID: callID, output: entry.text)
        case .other:
            return nil
        case .message:
            guard !text.isEmpty else { return nil }
            switch entry.speaker {
            case .user: return .userText(text, id: entry.id)
            case .assistant: return .assistantText(text, id: entry.id)
            case .system, .tool: return .systemText(text, id: entry.id)
            }
        }
    }

    /// Instructions followed by the earlier conversation as a labelled transcript.
    public static func foldedIntoInstructions(_ instructions: String, history: [ConversationEntry]) -> String {
        let lines = history.compactMap { entry -> String? in
            let text = entry.recordText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard entry.kind == .message, !text.isEmpty else { return nil }
            let who = entry.speaker == .user ? "User" : entry.speaker == .assistant ? "Assistant" : "System"
            return "\(who): \(text)"
        }
        guard !lines.isEmpty else { return instructions }
        return instructions + "\n\nThe conversation so far (continue it; answer by voice):\n" + lines.joined(separator: "\n")
    }
}
