/// Whether an audio input or output is delivering audio, for the console's status line.
public enum AudioStreamState: Sendable, Equatable {
    /// Not started, or stopped.
    case stopped
    /// Capturing or playing.
    case running
    /// The sound server went away during a call. The stream's thread retries with backoff
    /// (0.1 s doubling to at most 2 s) and returns to ``running`` by itself when the server is back.
    /// The associated error says what was lost.
    case reconnecting(AudioError)
}
