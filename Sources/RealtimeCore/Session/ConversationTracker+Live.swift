import Foundation

extension ConversationTracker {
    /// A GPT-Live turn began: an entry of its own, since the protocol has no items. An assistant entry
    /// belongs to `responseID`, which ``responseFinished(_:)`` closes like any response.
    public mutating func speechEntryBegan(id: String, speaker: ConversationEntry.Speaker, responseID: String?) {
        add(ConversationEntry(id: id, speaker: speaker, responseID: responseID))
        if let responseID {
            responseStarted(responseID)
            responseItems[responseID, default: []].append(id)
        }
    }

    /// A GPT-Live turn of the user ended: its transcript is final.
    public mutating func speechEntryEnded(id: String) {
        modify(id) {
            $0.text = $0.text.trimmingCharacters(in: .whitespaces)
            $0.isPartial = false
        }
    }

    /// A GPT-Live reply that had ended was spoken over: the user heard it all, and cut it at its end.
    public mutating func replySpokenOver(id: String) {
        modify(id) { entry in
            guard !entry.interrupted else { return }
            entry.interrupted = true
            entry.heardText = entry.text
            entry.heardMilliseconds = entry.audioMilliseconds
        }
    }
}
