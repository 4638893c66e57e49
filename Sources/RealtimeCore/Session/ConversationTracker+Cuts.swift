extension ConversationTracker {
    /// A barge-in that has begun and waits for the player's figures of what was heard.
    public struct PendingCut: Sendable, Equatable {
        /// The response that was under way, if any.
        public var responseID: String?
        /// Its items when the cut began.
        var items: [String]
    }

    /// What a settled barge-in changes on the server and tells the person.
    public struct CutOutcome: Sendable, Equatable {
        /// Truncations and deletions (and, for a reply spoken by the synthesiser, its rewrite) to send.
        public var events: [ClientEvent] = []
        /// The item the person cut, and how many milliseconds of it were heard.
        public var itemID: String?
        public var heardMilliseconds: Int?
    }

    /// Begins a barge-in: from now on the response under way takes no more deltas.
    ///
    /// - Parameter audible: whether assistant audio that was received is still playing.
    /// - Returns: the cut to settle, or nil when there is nothing to cut (no reply under way and nothing
    ///   audible, or the reply is already being cut).
    public mutating func beginCut(audible: Bool) -> PendingCut? {
        guard let responseID = activeResponseID else { return audible ? PendingCut(responseID: nil, items: []) : nil }
        guard responsesBeingCut.insert(responseID).inserted else { return nil }
        return PendingCut(responseID: responseID, items: responseItems[responseID] ?? [])
    }

    /// Settles a barge-in with what the player reports.
    ///
    /// Each item the player cut is truncated at the milliseconds heard (clamped to what was received), or
    /// deleted when none was heard; the response's other items are marked as cut, and an audio reply that
    /// never reached the player is deleted.
    ///
    /// - Parameters:
    ///   - cut: what ``beginCut(audible:)`` returned.
    ///   - heard: the player's progress of every item it was playing, as it stopped.
    ///   - audioReplies: true when replies are asked for as audio.
    ///   - hasPlayer: false for a front end that shows replies without playing them: what was shown counts as heard.
    public mutating func settleCut(_ cut: PendingCut, heard: [PlaybackProgress], audioReplies: Bool, hasPlayer: Bool) -> CutOutcome {
        var outcome = CutOutcome()
        let shownIsHeard = !audioReplies || !hasPlayer
        for progress in heard where !cutItems.contains(progress.item.itemID) {
            let itemID = progress.item.itemID
            let receivedMs = PCM.milliseconds(forSamples: receivedSamples[progress.item] ?? 0)
            let heardMs = max(0, min(progress.heardMilliseconds, receivedMs))
            markInterrupted(itemID, heardMs: heardMs, receivedMs: receivedMs, shownIsHeard: shownIsHeard)
            if spokenItems.contains(itemID) {
                outcome.events += rewriteSpoken(itemID)
            } else if heardMs > 0 {
                outcome.events.append(.itemTruncate(itemID: itemID, contentIndex: progress.item.contentIndex, audioEndMs: heardMs))
            } else {
                outcome.events.append(.itemDelete(itemID: itemID))
            }
            outcome.itemID = itemID
            outcome.heardMilliseconds = heardMs
        }
        if let responseID = cut.responseID {
            let later = (responseItems[responseID] ?? []).filter { !cut.items.contains($0) }
            for itemID in cut.items + later where !cutItems.contains(itemID) {
                let silentAudioReply = audioReplies && conversation[itemID]?.kind == .message
                markInterrupted(itemID, heardMs: 0, receivedMs: 0, shownIsHeard: shownIsHeard)
                if silentAudioReply, hasPlayer { outcome.events.append(.itemDelete(itemID: itemID)) }
                if outcome.itemID == nil {
                    outcome.itemID = itemID
                    outcome.heardMilliseconds = 0
                }
            }
        }
        return outcome
    }

    private mutating func markInterrupted(_ itemID: String, heardMs: Int, receivedMs: Int, shownIsHeard: Bool) {
        cutItems.insert(itemID)
        if lastAudioItem?.itemID == itemID { lastAudioItem = nil }
        let spoken = spokenItems.contains(itemID)
        modify(itemID) { entry in
            guard entry.speaker == .assistant, entry.kind == .message else { return }
            entry.interrupted = true
            entry.isPartial = false
            if receivedMs == 0, shownIsHeard, !spoken {
                entry.heardText = entry.text
                return
            }
            entry.heardMilliseconds = heardMs
            entry.heardText = Conversation.heardPrefix(of: entry.text, heardMs: heardMs, totalMs: receivedMs)
        }
    }

    /// A text reply spoken by the synthesiser cannot be truncated: it is replaced by the words that were heard.
    private func rewriteSpoken(_ itemID: String) -> [ClientEvent] {
        var events: [ClientEvent] = [.itemDelete(itemID: itemID)]
        guard let index = conversation.index(of: itemID), let heard = conversation.entries[index].heardText, !heard.isEmpty else { return events }
        let previous = index > 0 ? conversation.entries[index - 1].id : "root"
        events.append(.itemCreate(item: .assistantText(heard, id: itemID), previousItemID: previous))
        return events
    }
}
