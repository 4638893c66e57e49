/// A speech synthesiser used beside the model: for text replies (`--modalities text --tts …`), or when the
/// model answers in text although audio was asked for.
public protocol TextToSpeech: Sendable {
    /// A short name for the status line (`espeak-ng`, `openai gpt-4o-mini-tts/marin`).
    var name: String { get }
    /// Speaks text as 24 kHz mono PCM16 chunks, streamed as they are made.
    func speak(_ text: String) -> AsyncThrowingStream<[Int16], any Error>
}
