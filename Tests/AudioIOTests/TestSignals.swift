import Foundation
import RealtimeCore

/// Deterministic test signals and the measurements the tests make on them.
enum TestSignals {
    /// A sine of `frequency` Hz at `amplitude` (1 = full scale) lasting `milliseconds`.
    static func sine(frequency: Double, amplitude: Double, milliseconds: Int, rate: Int = PCM.sampleRate) -> [Int16] {
        let count = milliseconds * rate / 1000
        return (0..<count).map { index in
            Int16(clamping: Int((amplitude * 32767 * sin(2 * Double.pi * frequency * Double(index) / Double(rate))).rounded()))
        }
    }

    /// Seeded white noise at `amplitude`, low-passed to 6 kHz by upsampling 12 kHz noise (so it survives resampling).
    static func bandLimitedNoise(milliseconds: Int, amplitude: Double, seed: UInt64 = 42) -> [Int16] {
        var generator = SplitMix(state: seed)
        let raw = (0..<milliseconds * 12).map { _ in
            Int16(clamping: Int((Double.random(in: -1...1, using: &generator) * amplitude * 32767).rounded()))
        }
        return Resampler.resample(raw, from: 12_000, to: PCM.sampleRate)
    }

    /// Frequency estimated from the zero crossings (rising edges) of a clean tone.
    static func frequency(of samples: [Int16], rate: Int) -> Double {
        var crossings: [Int] = []
        for index in 1..<samples.count where samples[index - 1] < 0 && samples[index] >= 0 {
            crossings.append(index)
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
        return Double(crossings.count - 1) * Double(rate) / Double(last - first)
    }

    /// The best normalised cross-correlation of `reference` inside `recording`, searching lags `range`.
    static func correlationPeak(reference: [Int16], in recording: [Int16], lags range: ClosedRange<Int>) -> (lag: Int, value: Double) {
        let ref = reference.map(Double.init)
        let refEnergy = ref.reduce(0) { $0 + $1 * $1 }
        let rec = recording.map(Double.init)
        var best = (lag: 0, value: -1.0)
        for lag in range where lag >= 0 && lag + ref.count <= rec.count {
            var dot = 0.0
            var energy = 0.0
            for index in 0..<ref.count {
                let value = rec[lag + index]
                dot += ref[index] * value
                energy += value * value
            }
            let normalised = energy > 0 ? dot / (refEnergy * energy).squareRoot() : 0
            if normalised > best.value { best = (lag, normalised) }
        }
        return best
    }

    /// Indices of the 1 ms windows whose RMS is at or above `thresholdDBFS`.
    static func loudMilliseconds(_ samples: [Int16], thresholdDBFS: Double) -> [Int] {
        stride(from: 0, to: samples.count - PCM.samplesPerMillisecond + 1, by: PCM.samplesPerMillisecond).compactMap { start in
            let level = AudioLevel.measure(samples[start..<start + PCM.samplesPerMillisecond])
            return level.rmsDBFS >= thresholdDBFS ? start / PCM.samplesPerMillisecond : nil
        }
    }

    /// Mean power (mean square, in full-scale units) of some samples.
    static func power(_ samples: some Collection<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return samples.reduce(0.0) { $0 + (Double($1) / 32768) * (Double($1) / 32768) } / Double(samples.count)
    }
}

/// A small seeded random number generator, so that test noise is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
