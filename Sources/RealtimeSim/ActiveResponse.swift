/// The state of a response while it streams.
struct ActiveResponse: Sendable {
    /// What the response produces.
    enum Kind: Sendable {
        /// Spoken words (audio with a transcript).
        case audio
        /// Written words.
        case text
        /// A function call with its call id.
        case functionCall(ScenarioToolCall, callID: String)
    }

    let id: String
    /// The output item's id.
    let itemID: String
    let kind: Kind
    let options: ResponseOptions
    /// The words of a message reply (after any cut for `max_output_tokens`).
    let words: [String]
    /// True when the words were cut to fit `max_output_tokens`.
    let cutForTokenLimit: Bool
    /// Wait between content deltas.
    let deltaInterval: Duration
    /// Faults not yet fired.
    var faults: [ScenarioFault]
    /// Input tokens of the context the response saw: text and audio.
    let inputTextTokens: Int
    let inputAudioTokens: Int
    /// The reply's audio, once synthesised.
    var clip: SpeechClip?
    /// Content deltas sent (audio chunks, text words or argument pieces).
    var deltasSent = 0
    /// Transcript words sent (audio replies).
    var wordsSent = 0
    /// When the first audio delta was sent.
    var firstAudioAt: ContinuousClock.Instant?
    /// The id of the item before the output item in the conversation, when it was added.
    var previousItemID: String?
    /// What a reasoning model says before its answer, streamed as an item of its own first.
    var preamble: Preamble?
    /// True once the answer's item was added: at once without a preamble, after the preamble's content otherwise.
    var answerAdded = false

    /// The answer's place among the response's output items.
    var answerIndex: Int { preamble == nil ? 0 : 1 }

    /// The words streamed so far, as text.
    var textSoFar: String {
        switch kind {
        case .audio: (clip?.words ?? []).prefix(wordsSent).map(\.text).joined(separator: " ")
        case .text: words.prefix(deltasSent).joined(separator: " ")
        case .functionCall: ""
        }
    }

    /// The function arguments streamed so far.
    var argumentsSoFar: String {
        guard case .functionCall(let call, _) = kind else { return "" }
        return String(call.arguments.prefix(deltasSent * ActiveResponse.argumentPieceLength))
    }

    /// Characters of function arguments per delta.
    static let argumentPieceLength = 12
}
