import Foundation
import RealtimeCore

/// A GPT-Live session's input side: the audio format, the timeline that only input audio moves, and the
/// energy VAD that finds the user's turns on it.
///
/// The VAD is the Realtime route's detector at threshold 0.5 (−35 dBFS) with 500 ms of silence to end a turn
/// and no prefix padding, so a turn's start is the onset of its speech ([inferred]: the service's endpointing
/// is the model's own).
struct LiveInput: Sendable {
    /// The quiet that ends a user's turn, in ms.
    static let silenceDurationMs = 500

    /// The format of the input audio.
    let format: AudioFormat
    /// Bytes per sample (2 for PCM16, 1 for G.711).
    let bytesPerSample: Int
    private let sampleRate: Int
    /// Samples received since the session started.
    private var samples = 0
    private var detector: VoiceActivityDetector

    /// Creates the input side of a session in a format, at timeline position 0.
    init(format: AudioFormat) {
        self.format = format
        sampleRate = format.sampleRate
        bytesPerSample = format.bytesPerSample
        let parameters = VoiceActivityDetector.Parameters(
            thresholdDBFS: VoiceActivityDetector.Parameters.thresholdDBFS(for: 0.5), prefixPaddingMs: 0,
            silenceDurationMs: Self.silenceDurationMs)
        detector = VoiceActivityDetector(parameters: parameters, sampleRate: sampleRate, originMs: 0)
    }

    /// The session timeline: milliseconds of input audio received.
    var timelineMs: Int { samples * 1000 / sampleRate }

    /// Moves the timeline by the audio's duration and runs the VAD over it, or over silence of the same length
    /// when `silenced` (muted input, or input during a fixture).
    ///
    /// - Returns: the turn boundaries found, in order.
    mutating func take(_ data: Data, silenced: Bool) -> [VoiceActivityDetector.Event] {
        let count = data.count / bytesPerSample
        samples += count
        let pcm = silenced ? [Int16](repeating: 0, count: count) : InputAudioBuffer.samples(of: data, format: format)
        return detector.process(pcm)
    }
}
