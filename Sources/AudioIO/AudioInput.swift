/// A source of microphone audio for a session: PulseAudio capture, a WAV file, or a test double.
///
/// Frames are 20 ms of 24 kHz mono PCM16 (``CapturedFrame``), or whole multiples of that when an input
/// gathers a quiet microphone. While ``isMuted`` is true an input keeps
/// delivering frames, filled with silence, so the session's audio timeline continues.
public protocol AudioInput: AnyObject, Sendable {
    /// Starts capturing.
    ///
    /// - Returns: the captured frames, in order. The stream finishes after ``stop()``; if the consumer
    ///   stops iterating (or drops the stream), the input stops.
    /// - Throws: ``AudioError`` when capture cannot start (no server, unknown device, unreadable file…).
    func start() throws(AudioError) -> AsyncStream<CapturedFrame>

    /// Stops capturing and finishes the stream returned by ``start()``. Stopping twice does nothing.
    func stop()

    /// When true, frames carry silence (the capture keeps running).
    var isMuted: Bool { get set }

    /// Whether the input is delivering frames, stopped, or waiting for its server to come back.
    var state: AudioStreamState { get }
}
