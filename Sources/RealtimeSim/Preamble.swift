import RealtimeCore

/// The short message a reasoning model says before its answer ("Let me think."), as the first item of a
/// response whose answer follows as a second item.
///
/// The 2026 service streams the preamble's content, starts the answer, and only then closes the preamble
/// (its `response.output_audio.done` comes after the answer's first delta); the simulator does the same.
struct Preamble: Sendable {
    /// The preamble's output item.
    let itemID: String
    /// Its words.
    let words: [String]
    /// Its audio, once synthesised (audio replies).
    var clip: SpeechClip?
    /// Content deltas sent (audio chunks or text words).
    var deltasSent = 0
    /// Transcript words sent (audio replies).
    var wordsSent = 0
    /// The item before it in the conversation, when it was added.
    var previousItemID: String?
    /// True once all its content was sent: the answer starts then.
    var streamed = false
    /// The finished item, once its closing events were sent.
    var finalItem: ConversationItem?
    /// Milliseconds of audio it sent.
    var audioMs = 0

    /// True once its closing events were sent.
    var closed: Bool { finalItem != nil }

    /// The words streamed so far, as text.
    func textSoFar(audio: Bool) -> String {
        if audio { return (clip?.words ?? []).prefix(wordsSent).map(\.text).joined(separator: " ") }
        return words.prefix(deltasSent).joined(separator: " ")
    }
}
