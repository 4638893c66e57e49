/// A line being typed: a message for the assistant, a text setting, or the event filter.
public struct TextEntry: Sendable, Equatable {
    /// What the text is for.
    public enum Purpose: Sendable, Equatable {
        /// A message to send (`t`).
        case message
        /// A text setting (Enter on Instructions or Transcription).
        case parameter(ParameterField)
        /// The event inspector's type filter (`/`).
        case eventFilter
    }

    public var purpose: Purpose
    /// The characters typed.
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters`.
    public private(set) var cursor: Int

    /// Starts editing, with the cursor at the end.
    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        characters = Array(text)
        cursor = characters.count
    }

    /// The text typed.
    public var text: String { String(characters) }

    /// The prompt shown before the text.
    public var prompt: String {
        switch purpose {
        case .message: "Message"
        case .parameter(let field): field.title
        case .eventFilter: "Filter events"
        }
    }

    /// Applies an editing key.
    ///
    /// - Returns: false when the key is not an editing key (Enter, Esc and the like are the caller's).
    public mutating func edit(_ key: KeyEvent) -> Bool {
        switch key {
        case .character(let c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace where cursor > 0:
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete where cursor < characters.count:
            characters.remove(at: cursor)
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home, .control("a"):
            cursor = 0
        case .end, .control("e"):
            cursor = characters.count
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"):
            characters.removeLast(characters.count - cursor)
        case .control("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .backspace, .delete:
            break
        default:
            return false
        }
        return true
    }
}
