import Foundation

/// One message of the conversation given to a new GPT-Live session in `session.start` (`input`): text only,
/// one part, no `system` role. A reconnect seeds the new session with the conversation so far this way.
public struct LiveInputMessage: Sendable, Equatable {
    /// Who said it.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        case developer, user, assistant
    }

    /// The most messages a session accepts at start.
    public static let maximumCount = 128

    public var role: Role
    public var text: String

    /// Creates a message.
    public init(role: Role, text: String) {
        self.role = role
        self.text = text
    }

    /// The wire JSON: `{type: message, role, content: [{type: input_text | output_text, text}]}`.
    public var json: JSONValue {
        let part: JSONValue = ["type": .string(role == .assistant ? "output_text" : "input_text"), "text": .string(text)]
        return ["type": "message", "role": .string(role.rawValue), "content": [part]]
    }

    /// Reads a message: exactly one text part.
    public init(_ r: JSONReader) throws(ProtocolError) {
        let roleName = try r.string("role")
        guard let role = Role(rawValue: roleName) else {
            throw r.invalid("role", "'\(roleName)' is not a GPT-Live input role; use developer, user or assistant")
        }
        let parts = try r.array("content") { part throws(ProtocolError) in try part.string("text") }
        guard parts.count == 1 else { throw r.invalid("content", "a GPT-Live input message has exactly one text part, not \(parts.count)") }
        self.role = role
        text = parts[0]
    }

    /// The conversation so far as start input: the last messages that fit, with their text.
    ///
    /// Entries without text, tool calls and their outputs are left out (GPT-Live takes text messages only);
    /// the oldest are dropped beyond ``maximumCount``, and beyond `characterBudget` characters in all (the
    /// service caps the rendered input at 8,192 tokens; four characters a token keeps well inside it).
    public static func seed(from entries: [ConversationEntry], characterBudget: Int = 24_000) -> [LiveInputMessage] {
        var messages: [LiveInputMessage] = []
        var used = 0
        for entry in entries.reversed() where entry.kind == .message && !entry.deleted {
            let text = entry.recordText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let role: Role
            switch entry.speaker {
            case .user: role = .user
            case .assistant: role = .assistant
            case .system, .tool: role = .developer
            }
            guard messages.count < maximumCount, used + text.count <= characterBudget else { break }
            used += text.count
            messages.append(LiveInputMessage(role: role, text: text))
        }
        return messages.reversed()
    }
}
