import Foundation
import RealtimeCore

/// Conversation items: `conversation.item.create`, `.retrieve`, `.truncate` and `.delete`.
extension SimulatedSession {
    func createItem(_ item: ConversationItem, raw: JSONObject, previousItemID: String?) throws(Rejection) {
        if let previousItemID, previousItemID != "root", !conversation.contains(previousItemID) {
            throw Rejection(ServiceErrors.itemNotFound(previousItemID, param: "previous_item_id"))
        }
        if let id = item.id, conversation.contains(id) { throw Rejection(ServiceErrors.duplicateItem(id)) }
        var stored = StoredItem(item: item)
        stored.item.id = item.id ?? ids.next("item")
        stored.item.status = .completed
        switch item.type {
        case .message:
            try checkMessage(item, raw: raw)
            if let index = item.content?.firstIndex(where: { $0.kind == .inputAudio }) {
                guard let audio = item.content?[index].audio, let data = Data(base64Encoded: audio) else {
                    throw Rejection(
                        ServiceErrors.invalidValue(
                            "item.content[\(index)].audio", message: "Invalid 'item.content[\(index)].audio': expected base64-encoded audio."))
                }
                stored.audio = data
                stored.audioFormat = settings.inputFormat
                stored.item.content?[index].audio = nil
            }
        case .functionCall:
            guard item.callID != nil, item.name != nil else {
                throw Rejection(ServiceErrors.missingParameter(item.callID == nil ? "item.call_id" : "item.name"))
            }
            stored.item.arguments = item.arguments ?? ""
        case .functionCallOutput:
            guard let callID = item.callID else { throw Rejection(ServiceErrors.missingParameter("item.call_id")) }
            guard item.output != nil else { throw Rejection(ServiceErrors.missingParameter("item.output")) }
            guard conversation.functionCall(withCallID: callID) != nil else { throw Rejection(ServiceErrors.unknownCallID(callID)) }
        case .other(let name):
            throw Rejection(ServiceErrors.invalidValue("item.type", name, supported: ["message", "function_call", "function_call_output"]))
        }
        let previousID: String?
        if let previousItemID {
            conversation.insert(stored, after: previousItemID)
            previousID = conversation.previousID(of: stored.id)
        } else {
            previousID = conversation.lastID
            conversation.append(stored)
        }
        announceAddedItem(stored.item, previousID: previousID)
    }

    /// Checks a message's role and content types in the dialect's spelling (the typed model accepts both).
    private func checkMessage(_ item: ConversationItem, raw: JSONObject) throws(Rejection) {
        guard let role = item.role else { throw Rejection(ServiceErrors.missingParameter("item.role")) }
        guard let parts = raw["content"]?.arrayValue, !parts.isEmpty else { throw Rejection(ServiceErrors.missingParameter("item.content")) }
        let allowed: [String]
        switch (role, dialect) {
        case (.user, .ga): allowed = ["input_text", "input_audio", "input_image"]
        case (.user, .beta): allowed = ["input_text", "input_audio"]
        case (.system, _): allowed = ["input_text"]
        case (.assistant, .ga): allowed = ["output_text"]
        case (.assistant, .beta): allowed = ["text"]
        }
        for (index, part) in parts.enumerated() {
            let type = part["type"]?.stringValue ?? ""
            guard allowed.contains(type) else { throw Rejection(ServiceErrors.invalidValue("item.content[\(index)].type", type, supported: allowed)) }
        }
    }

    func retrieveItem(_ itemID: String) throws(Rejection) {
        guard let stored = conversation.item(itemID) else { throw Rejection(ServiceErrors.itemNotFound(itemID)) }
        send(.itemRetrieved(ItemEvent(item: stored.retrievable)))
    }

    func deleteItem(_ itemID: String) throws(Rejection) {
        guard conversation.remove(itemID) != nil else { throw Rejection(ServiceErrors.itemNotFound(itemID)) }
        send(.itemDeleted(ItemIDEvent(itemID: itemID)))
    }

    /// Cuts an assistant audio item to what the user heard: the audio after `audioEndMs` and the words not
    /// (at least half) heard are dropped. A reply still streaming is cancelled first.
    func truncateItem(_ itemID: String, contentIndex: Int, audioEndMs: Int) throws(Rejection) {
        guard let stored = conversation.item(itemID) else { throw Rejection(ServiceErrors.itemNotFound(itemID)) }
        guard stored.isAssistantAudio else { throw Rejection(ServiceErrors.truncateNotAssistantAudio(itemID)) }
        guard let content = stored.item.content, content.indices.contains(contentIndex), content[contentIndex].kind == .audio else {
            throw Rejection(
                ServiceErrors.invalidValue(
                    "content_index", message: "Invalid 'content_index': item '\(itemID)' has no audio content at index \(contentIndex)."))
        }
        guard audioEndMs >= 0 else {
            throw Rejection(ServiceErrors.outOfRange("audio_end_ms", Double(audioEndMs), in: 0...Double(Int32.max), integer: true))
        }
        if let active = responses.values.first(where: { $0.itemID == itemID }) {
            finishResponse(active.id, status: .cancelled, reason: "client_cancelled")
        }
        guard let current = conversation.item(itemID) else { throw Rejection(ServiceErrors.itemNotFound(itemID)) }
        guard audioEndMs <= current.audioMs else { throw Rejection(ServiceErrors.truncateTooLong(itemMs: current.audioMs, requestedMs: audioEndMs)) }
        conversation.update(itemID) { item in
            if let audio = item.audio, let format = item.audioFormat {
                item.audio = audio.prefix(audioEndMs * SpeechClip.bytesPerMillisecond(format))
            }
            item.words = SpokenWord.heard(item.words, before: audioEndMs)
            item.item.content?[contentIndex].transcript = item.words.map(\.text).joined(separator: " ")
        }
        send(.itemTruncated(ItemTruncatedEvent(itemID: itemID, contentIndex: contentIndex, audioEndMs: audioEndMs)))
    }
}
