import Foundation

/// The conversation as the protocol builds it: items in server order, streaming transcripts, the audio
/// each reply sent, and what was heard of replies that were cut.
///
/// A value fed with what the server reports and with what the player says was heard; every change to an
/// entry is queued as a ``SessionUpdate`` that the session publishes (``takeUpdates()``). Barge-in is in
/// `ConversationTracker+Cuts.swift`.
public struct ConversationTracker: Sendable {
    /// The conversation so far.
    public private(set) var conversation = Conversation()
    /// The response under way, if any.
    public private(set) var activeResponseID: String?
    /// The last piece of assistant audio handed to the player.
    public internal(set) var lastAudioItem: PlaybackItem?
    /// Items of each response under way, in order.
    var responseItems: [String: [String]] = [:]
    /// Items that were cut: later deltas for them are late and ignored.
    var cutItems: Set<String> = []
    /// Responses whose cut has begun and is waiting for the player's figures: their deltas are ignored.
    var responsesBeingCut: Set<String> = []
    /// Samples of assistant audio received per item.
    var receivedSamples: [PlaybackItem: Int] = [:]
    /// Text replies spoken by the separate synthesiser.
    var spokenItems: Set<String> = []
    /// The first piece of audio of each response under way (a reasoning model's reply may hold several items).
    private var firstAudioItems: [String: PlaybackItem] = [:]
    private var transcriptionPending: Set<String> = []
    private var outbox: [SessionUpdate] = []

    /// Creates an empty conversation.
    public init() {}

    /// The entry changes since the last call, in order.
    public mutating func takeUpdates() -> [SessionUpdate] {
        // Not `removeAll(keepingCapacity:)`: the array handed back still holds the buffer, so keeping the
        // capacity would allocate a new empty buffer of that size on every call, and after a replay of a
        // long conversation (thousands of updates at once) that is megabytes, for the rest of the call.
        defer { outbox = [] }
        return outbox
    }

    /// Adds an entry the client made itself (GPT-Live's turns, delegations, tool outputs, decisions), or
    /// replaces the one with its id, and queues the change.
    public mutating func add(_ entry: ConversationEntry) {
        outbox.append(.entry(conversation.upsert(entry, after: nil)))
    }

    /// Changes one entry and queues the change.
    mutating func modify(_ id: String, _ change: (inout ConversationEntry) -> Void) {
        if let entry = conversation.modify(id, change) { outbox.append(.entry(entry)) }
    }

    // MARK: History

    /// Adds entries loaded from a saved call.
    public mutating func loadHistory(_ entries: [ConversationEntry]) {
        conversation.appendHistory(entries)
        for entry in conversation.entries where entry.fromHistory { outbox.append(.entry(entry)) }
    }

    /// The conversation as items to create in a new server session, with their own ids so that the server's
    /// echoes match the entries already shown and nothing is duplicated.
    public var replayItems: [ConversationItem] {
        conversation.entries.compactMap(HistoryText.item(for:))
    }

    // MARK: Items

    /// The server added an item. `transcribing` says whether input transcription is on (a user audio item
    /// then waits for its transcript).
    public mutating func itemAdded(_ item: ConversationItem, previousItemID: Nullable<String>?, responseID: String?, transcribing: Bool) {
        guard let id = item.id else { return }
        let speaker: ConversationEntry.Speaker
        let kind: ConversationEntry.Kind
        switch item.type {
        case .message:
            kind = .message
            speaker = ConversationEntry.Speaker(rawValue: item.role?.rawValue ?? "assistant") ?? .assistant
        case .functionCall:
            kind = .functionCall
            speaker = .assistant
        case .functionCallOutput:
            kind = .functionOutput
            speaker = .tool
        case .other:
            kind = .other
            speaker = .system
        }
        var entry = ConversationEntry(
            id: id, speaker: speaker, kind: kind, text: item.displayText, isPartial: item.status == .inProgress,
            responseID: responseID)
        entry.toolName = item.name
        entry.callID = item.callID
        let hasAudioInput = item.content?.contains { $0.kind == .inputAudio } ?? false
        if speaker == .user, hasAudioInput {
            entry.isPartial = transcribing
            if transcribing { transcriptionPending.insert(id) }
        }
        if kind == .functionCall { entry.text = item.arguments ?? "" }
        outbox.append(.entry(conversation.upsert(entry, after: previousItemID)))
    }

    /// The server finished an item: its final text replaces the streamed one (unless it was cut).
    public mutating func itemDone(_ item: ConversationItem) {
        guard let id = item.id else { return }
        let cut = cutItems.contains(id)
        let transcribing = transcriptionPending.contains(id)
        modify(id) { entry in
            let finalText = item.type == .functionCall ? (item.arguments ?? "") : item.displayText
            if !cut, !finalText.isEmpty, entry.text.isEmpty || entry.speaker != .user { entry.text = finalText }
            if !transcribing { entry.isPartial = false }
            if let name = item.name { entry.toolName = name }
        }
    }

    /// The server deleted an item. A reply that was cut stays, marked as deleted, so the record shows what
    /// happened to it; any other item leaves the conversation.
    public mutating func itemDeleted(_ id: String) {
        guard conversation[id]?.interrupted == true else {
            conversation.remove(id)
            outbox.append(.entryRemoved(id: id))
            return
        }
        modify(id) { $0.deleted = true }
    }

    /// A piece of the user's transcript.
    public mutating func transcriptionDelta(_ itemID: String, _ delta: String) {
        modify(itemID) { $0.text += delta }
    }

    /// The user's transcript is complete, with how sure it is when log-probabilities were asked for.
    public mutating func transcriptionCompleted(_ itemID: String, transcript: String, confidence: Double? = nil) {
        transcriptionPending.remove(itemID)
        modify(itemID) {
            $0.text = transcript.trimmingCharacters(in: .whitespacesAndNewlines)
            $0.isPartial = false
            $0.transcriptConfidence = confidence
        }
    }

    /// The user's transcript could not be made.
    public mutating func transcriptionFailed(_ itemID: String) {
        transcriptionPending.remove(itemID)
        modify(itemID) {
            $0.transcriptionFailed = true
            $0.isPartial = false
        }
    }

    // MARK: Responses

    /// A response began.
    public mutating func responseStarted(_ responseID: String) {
        activeResponseID = responseID
    }

    /// A response added an output item.
    public mutating func outputItemAdded(_ item: ConversationItem, responseID: String, transcribing: Bool) {
        responseItems[responseID, default: []].append(item.id ?? "")
        itemAdded(item, previousItemID: nil, responseID: responseID, transcribing: transcribing)
    }

    /// True when deltas for this content are late: the item or its response was cut.
    public func isCut(_ location: ContentLocation) -> Bool {
        cutItems.contains(location.itemID) || responsesBeingCut.contains(location.responseID)
    }

    /// A piece of a reply's text or audio transcript.
    public mutating func replyTextDelta(_ location: ContentLocation, _ delta: String) {
        guard !isCut(location) else { return }
        modify(location.itemID) { $0.text += delta }
    }

    /// A reply's whole text or audio transcript.
    ///
    /// - Returns: false when the reply was cut and the text was ignored.
    @discardableResult
    public mutating func replyTextDone(_ location: ContentLocation, _ text: String) -> Bool {
        guard !isCut(location) else { return false }
        modify(location.itemID) { $0.text = text }
        return true
    }

    /// A piece of a function call's arguments.
    public mutating func functionArgumentsDelta(_ itemID: String, _ delta: String) {
        modify(itemID) { $0.text += delta }
    }

    /// A function call's arguments are complete.
    ///
    /// - Returns: the function's name (from the event or the item).
    public mutating func functionArgumentsDone(_ payload: FunctionArgumentsDoneEvent) -> String {
        modify(payload.itemID) {
            $0.text = payload.arguments
            $0.isPartial = false
            if let name = payload.name { $0.toolName = name }
            $0.callID = payload.callID
        }
        return payload.name ?? conversation[payload.itemID]?.toolName ?? ""
    }

    /// Assistant audio arrived for the player.
    ///
    /// - Returns: the key to play it under, or nil when the reply was cut (the audio is late and must not play).
    public mutating func audioReceived(sampleCount: Int, at location: ContentLocation) -> PlaybackItem? {
        guard !isCut(location) else { return nil }
        let key = PlaybackItem(itemID: location.itemID, contentIndex: location.contentIndex)
        if firstAudioItems[location.responseID] == nil { firstAudioItems[location.responseID] = key }
        return addAudio(sampleCount, to: key)
    }

    /// The first piece of audio a response under way sent: when it became audible is the reply's latency.
    public func firstAudioItem(of responseID: String) -> PlaybackItem? {
        firstAudioItems[responseID]
    }

    /// Audio of a text reply, made by the separate synthesiser, arrived for the player.
    ///
    /// - Returns: the key to play it under, or nil when the reply was cut.
    public mutating func spokenAudioReceived(sampleCount: Int, itemID: String) -> PlaybackItem? {
        guard !cutItems.contains(itemID) else { return nil }
        return addAudio(sampleCount, to: PlaybackItem(itemID: itemID))
    }

    private mutating func addAudio(_ sampleCount: Int, to key: PlaybackItem) -> PlaybackItem {
        receivedSamples[key, default: 0] += sampleCount
        lastAudioItem = key
        let milliseconds = PCM.milliseconds(forSamples: receivedSamples[key] ?? 0)
        modify(key.itemID) { $0.audioMilliseconds = milliseconds }
        return key
    }

    /// Marks a text reply as spoken by the synthesiser.
    ///
    /// - Returns: false when it already was.
    public mutating func beginSpeaking(_ itemID: String) -> Bool {
        spokenItems.insert(itemID).inserted
    }

    /// A response failed: its messages say why.
    public mutating func responseFailed(_ responseID: String, reason: String) {
        for itemID in responseItems[responseID] ?? [] {
            modify(itemID) { if $0.kind == .message, !$0.interrupted { $0.failure = reason } }
        }
    }

    /// A response ended: its items stop streaming (a cut item keeps its mark).
    public mutating func responseFinished(_ responseID: String) {
        if activeResponseID == responseID { activeResponseID = nil }
        responsesBeingCut.remove(responseID)
        firstAudioItems[responseID] = nil
        for itemID in responseItems.removeValue(forKey: responseID) ?? [] {
            modify(itemID) { if !$0.interrupted { $0.isPartial = false } }
        }
    }

    /// The connection went away: the reply so far counts as said — cut off, or failed with `failure` when a
    /// server error ended it — and nothing is pending any more.
    ///
    /// - Returns: true when a response was under way.
    public mutating func connectionLost(failure: String? = nil) -> Bool {
        let hadResponse = activeResponseID != nil
        firstAudioItems.removeAll()
        if let responseID = activeResponseID {
            for itemID in responseItems[responseID] ?? [] {
                modify(itemID) { entry in
                    guard entry.isPartial else { return }
                    entry.isPartial = false
                    if entry.speaker == .assistant, entry.kind == .message, let failure {
                        entry.failure = failure
                    } else if entry.speaker == .assistant, entry.kind == .message {
                        entry.interrupted = true
                        entry.heardText = entry.text
                        entry.heardMilliseconds = entry.audioMilliseconds
                    }
                }
            }
            activeResponseID = nil
        }
        for id in transcriptionPending { modify(id) { $0.isPartial = false } }
        transcriptionPending.removeAll()
        return hadResponse
    }
}
