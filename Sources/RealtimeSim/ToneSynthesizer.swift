import Foundation
import RealtimeCore

/// The fallback voice: one tone per word, deterministic, at 24 kHz.
///
/// Each word is a sine of 180–555 Hz (chosen by an FNV-1a hash of the word) lasting 80 ms + 55 ms per
/// letter (at most 700 ms), divided by the speed, with 8 ms ramps; words are 60 ms apart and a sentence end
/// adds 200 ms. The level is about −15 dBFS RMS.
enum ToneSynthesizer {
    /// Renders words as tones and reports when each is heard.
    static func render(_ words: [String], speed: Double) -> (samples: [Int16], words: [SpokenWord]) {
        let rate = Double(PCM.sampleRate)
        let speed = min(max(speed, 0.25), 4)
        var samples = [Int16](repeating: 0, count: PCM.samples(forMilliseconds: 50))
        var timed: [SpokenWord] = []
        for word in words {
            let startMs = PCM.milliseconds(forSamples: samples.count)
            let lengthMs = Int(Double(min(700, 80 + 55 * word.count)) / speed)
            let frequency = 180 + Double(fnv1a(word.lowercased()) % 16) * 25
            let count = PCM.samples(forMilliseconds: lengthMs)
            let ramp = PCM.samples(forMilliseconds: 8)
            for index in 0..<count {
                let envelope = min(1, Double(min(index, count - 1 - index)) / Double(ramp))
                let value = sin(2 * Double.pi * frequency * Double(index) / rate) * 0.25 * 32767 * envelope
                samples.append(Int16(value.rounded()))
            }
            timed.append(SpokenWord(text: word, startMs: startMs, endMs: startMs + lengthMs))
            let pauseMs = word.last.map { ".?!".contains($0) } == true ? 260 : 60
            samples.append(contentsOf: repeatElement(0, count: PCM.samples(forMilliseconds: pauseMs)))
        }
        samples.append(contentsOf: repeatElement(0, count: PCM.samples(forMilliseconds: 100)))
        return (samples, timed)
    }

    /// The 32-bit FNV-1a hash of a string's UTF-8 bytes (stable across runs, unlike `hashValue`).
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}
