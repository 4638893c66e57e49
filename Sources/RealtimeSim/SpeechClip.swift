import Foundation
import RealtimeCore

/// A reply's audio, ready to stream: 100 ms base64 chunks in the session's output format, with word timings.
struct SpeechClip: Sendable {
    /// Milliseconds of audio per `response.output_audio.delta`.
    static let chunkMilliseconds = 100

    /// The words with their times.
    let words: [SpokenWord]
    /// The audio, 100 ms per chunk (the last may be shorter), base64 in the output format.
    let chunks: [String]
    /// All audio bytes in the output format.
    let audio: Data
    /// The output format.
    let format: AudioFormat
    /// The length of the audio in ms.
    let durationMs: Int

    /// Encodes 24 kHz PCM16 speech for a format (resampled to the format's rate) and cuts it into chunks.
    init(samples: [Int16], words: [SpokenWord], format: AudioFormat) {
        let bytes: [UInt8]
        switch format {
        case .pcm(let rate):
            // GPT-Live also speaks PCM16 at 16 kHz; Realtime sessions are always at 24 kHz (no resampling).
            let samples = rate == PCM.sampleRate ? samples : Resampler.resample(samples, from: PCM.sampleRate, to: rate)
            bytes = samples.withUnsafeBufferPointer { buffer in
                var out = [UInt8](repeating: 0, count: buffer.count * 2)
                for (index, sample) in buffer.enumerated() {
                    let value = UInt16(bitPattern: sample)
                    out[index * 2] = UInt8(value & 0xFF)
                    out[index * 2 + 1] = UInt8(value >> 8)
                }
                return out
            }
        case .pcmu:
            bytes = G711.encodeMuLaw(Resampler.resample(samples, from: PCM.sampleRate, to: 8000))
        case .pcma:
            bytes = G711.encodeALaw(Resampler.resample(samples, from: PCM.sampleRate, to: 8000))
        }
        let perMs = Self.bytesPerMillisecond(format)
        let chunkBytes = perMs * Self.chunkMilliseconds
        var chunks: [String] = []
        chunks.reserveCapacity(bytes.count / chunkBytes + 1)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkBytes)
            chunks.append(Data(bytes[offset..<end]).base64EncodedString())
            offset = end
        }
        self.words = words
        self.chunks = chunks
        self.audio = Data(bytes)
        self.format = format
        self.durationMs = bytes.count / perMs
    }

    /// Bytes per ms of audio in a format: 48 for PCM16 at 24 kHz, 8 for G.711.
    static func bytesPerMillisecond(_ format: AudioFormat) -> Int {
        switch format {
        case .pcm(let rate): max(1, rate * 2 / 1000)
        case .pcmu, .pcma: 8
        }
    }
}
