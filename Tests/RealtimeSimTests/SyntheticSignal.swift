import Foundation

/// Test signals at 24 kHz: silence, optional low noise, and sine bursts at a chosen RMS level.
struct SyntheticSignal {
    /// A stretch of sine at an RMS level, in ms on the signal's timeline.
    struct Burst {
        var startMs: Int
        var endMs: Int
        var dBFS: Double
        var frequency: Double = 440
    }

    static let sampleRate = 24_000

    var durationMs: Int
    var bursts: [Burst] = []
    /// RMS level of white noise under everything, or nil for digital silence.
    var noiseDBFS: Double?

    /// The samples.
    func samples() -> [Int16] {
        let count = durationMs * Self.sampleRate / 1000
        var values = [Double](repeating: 0, count: count)
        if let noiseDBFS {
            // Uniform noise in [-a, a] has RMS a/√3.
            let amplitude = 32768 * pow(10, noiseDBFS / 20) * 3.0.squareRoot()
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for index in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let unit = Double(state >> 11) / Double(1 << 53) * 2 - 1
                values[index] = unit * amplitude
            }
        }
        for burst in bursts {
            let amplitude = 32768 * pow(10, burst.dBFS / 20) * 2.0.squareRoot()
            let first = burst.startMs * Self.sampleRate / 1000
            let last = min(count, burst.endMs * Self.sampleRate / 1000)
            for index in first..<last {
                values[index] += amplitude * sin(2 * Double.pi * burst.frequency * Double(index - first) / Double(Self.sampleRate))
            }
        }
        return values.map { Int16(clamping: Int($0.rounded())) }
    }

    /// The samples cut into 20 ms chunks, as a microphone client sends them.
    func chunks() -> [[Int16]] {
        let all = samples()
        return stride(from: 0, to: all.count, by: 480).map { Array(all[$0..<min(all.count, $0 + 480)]) }
    }
}
