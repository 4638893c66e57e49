import Foundation
import RealtimeCore

/// A conversation item as the simulator keeps it: the protocol item plus its audio and word timings.
struct StoredItem: Sendable {
    /// The item as events show it (audio bytes are never inside; see ``retrievable``).
    var item: ConversationItem
    /// The item's audio in `audioFormat` (user input audio or assistant output audio).
    var audio: Data?
    /// The format of `audio`.
    var audioFormat: AudioFormat?
    /// When each word of an assistant reply is heard.
    var words: [SpokenWord] = []

    /// The item id (always set for stored items).
    var id: String { item.id ?? "" }

    /// The length of the audio in ms.
    var audioMs: Int {
        guard let audio, let audioFormat else { return 0 }
        return audio.count / SpeechClip.bytesPerMillisecond(audioFormat)
    }

    /// True for assistant messages with audio content.
    var isAssistantAudio: Bool {
        item.type == .message && item.role == .assistant && (item.content ?? []).contains { $0.kind == .audio }
    }

    /// The item with its audio inlined as base64, as `conversation.item.retrieved` carries it.
    var retrievable: ConversationItem {
        guard let audio, var content = item.content, let index = content.firstIndex(where: { $0.kind == .audio || $0.kind == .inputAudio })
        else { return item }
        var copy = item
        content[index].audio = audio.base64EncodedString()
        copy.content = content
        return copy
    }
}
