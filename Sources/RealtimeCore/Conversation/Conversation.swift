import Foundation

/// The conversation in server order, with streaming text and what was heard of cut replies.
///
/// Items are placed after their `previous_item_id` when the server names one, so the order is the
/// server's, not the order in which events happened to arrive.
public struct Conversation: Sendable, Equatable {
    /// The entries in server order.
    public private(set) var entries: [ConversationEntry] = []
    /// The ids of ``entries``: an id that is not there is known at once, without a search through a long
    /// conversation (every new item of a call is such a miss, and a loaded history can hold thousands).
    private var ids: Set<String> = []

    /// Creates an empty conversation.
    public init() {}

    /// The entry with an id.
    public subscript(id: String) -> ConversationEntry? {
        guard let index = index(of: id) else { return nil }
        return entries[index]
    }

    /// The index of the entry with an id (searched from the newest, which is where a call's events point).
    public func index(of id: String) -> Int? {
        guard ids.contains(id) else { return nil }
        return entries.lastIndex { $0.id == id }
    }

    /// Inserts an entry after `previousID` (nil: at the end; `"root"` or an unknown id with `.null`: at the start),
    /// or updates it in place if it exists. Returns the stored entry.
    @discardableResult
    public mutating func upsert(_ entry: ConversationEntry, after previousID: Nullable<String>?) -> ConversationEntry {
        if let i = index(of: entry.id) {
            entries[i].speaker = entry.speaker
            entries[i].kind = entry.kind
            if entries[i].text.isEmpty { entries[i].text = entry.text }
            if entries[i].toolName == nil { entries[i].toolName = entry.toolName }
            if entries[i].callID == nil { entries[i].callID = entry.callID }
            if entries[i].responseID == nil { entries[i].responseID = entry.responseID }
            return entries[i]
        }
        ids.insert(entry.id)
        switch previousID {
        case .value(let previous)?:
            if let p = index(of: previous) {
                entries.insert(entry, at: p + 1)
            } else {
                entries.append(entry)
            }
        case .null?:
            entries.insert(entry, at: 0)
        case nil:
            entries.append(entry)
        }
        return entry
    }

    /// Changes an entry in place; returns the changed entry, or nil when there is none with that id.
    @discardableResult
    public mutating func modify(_ id: String, _ change: (inout ConversationEntry) -> Void) -> ConversationEntry? {
        guard let i = index(of: id) else { return nil }
        change(&entries[i])
        if entries[i].id != id {
            ids.remove(id)
            ids.insert(entries[i].id)
        }
        return entries[i]
    }

    /// Removes an entry.
    public mutating func remove(_ id: String) {
        entries.removeAll { $0.id == id }
        ids.remove(id)
    }

    /// Appends entries loaded from history (they are marked as such).
    public mutating func appendHistory(_ loaded: [ConversationEntry]) {
        for var entry in loaded {
            entry.fromHistory = true
            entry.isPartial = false
            ids.insert(entry.id)
            entries.append(entry)
        }
    }

    /// The words of `text` a listener heard when `heardMs` of `totalMs` of its audio played,
    /// cut at a word boundary (the transcript streams in step with the audio).
    public static func heardPrefix(of text: String, heardMs: Int, totalMs: Int) -> String {
        guard totalMs > 0, heardMs > 0 else { return "" }
        if heardMs >= totalMs { return text }
        let target = Int((Double(text.count) * Double(heardMs) / Double(totalMs)).rounded())
        var prefix = String(text.prefix(target))
        if target < text.count, let next = text.dropFirst(target).first, !next.isWhitespace, !prefix.isEmpty {
            if let lastSpace = prefix.lastIndex(where: \.isWhitespace) {
                prefix = String(prefix[..<lastSpace])
            } else {
                prefix = ""
            }
        }
        return prefix.trimmingCharacters(in: .whitespaces)
    }
}
