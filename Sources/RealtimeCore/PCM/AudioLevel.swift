import Foundation

/// The loudness of a stretch of PCM16 audio, in dB relative to full scale (dBFS).
///
/// Full scale is 32768, so a full-scale sine measures about −3 dBFS RMS and 0 dBFS peak.
/// Digital silence (all zeros, or no samples at all) measures ``floorDBFS`` for both values.
public struct AudioLevel: Sendable, Equatable {
    /// The lowest level reported, used for digital silence: −100 dBFS.
    public static let floorDBFS = -100.0

    /// The level of digital silence (both values at ``floorDBFS``).
    public static let silence = AudioLevel(rmsDBFS: floorDBFS, peakDBFS: floorDBFS)

    /// Root-mean-square level in dBFS, at most about 0 and at least ``floorDBFS``.
    public var rmsDBFS: Double
    /// Peak (largest absolute sample) level in dBFS, at most about 0 and at least ``floorDBFS``.
    public var peakDBFS: Double

    /// Creates a level from its two values.
    ///
    /// - Parameters:
    ///   - rmsDBFS: the RMS level in dBFS.
    ///   - peakDBFS: the peak level in dBFS.
    public init(rmsDBFS: Double, peakDBFS: Double) {
        self.rmsDBFS = rmsDBFS
        self.peakDBFS = peakDBFS
    }

    /// Measures the RMS and peak level of some samples.
    ///
    /// - Parameter samples: PCM16 samples of any rate and channel layout.
    /// - Returns: their level, or ``silence`` when there are none or all are zero.
    public static func measure(_ samples: some Collection<Int16>) -> AudioLevel {
        // Called from other modules this generic function is not specialised: the loop runs over a concrete
        // buffer so that it does not go through the generic witnesses for every sample.
        samples.withContiguousStorageIfAvailable(measure(contiguous:))
            ?? Array(samples).withUnsafeBufferPointer(measure(contiguous:))
    }

    private static func measure(contiguous samples: UnsafeBufferPointer<Int16>) -> AudioLevel {
        guard !samples.isEmpty else { return .silence }
        var sumOfSquares: Int64 = 0
        var peak = 0
        for sample in samples {
            let value = Int(sample)
            sumOfSquares += Int64(value * value)
            peak = max(peak, abs(value))
        }
        let rms = (Double(sumOfSquares) / Double(samples.count)).squareRoot()
        return AudioLevel(rmsDBFS: decibels(rms), peakDBFS: decibels(Double(peak)))
    }

    /// Converts an amplitude on the 16-bit scale to dBFS, never below ``floorDBFS``.
    private static func decibels(_ amplitude: Double) -> Double {
        guard amplitude > 0 else { return floorDBFS }
        return max(floorDBFS, 20 * log10(amplitude / 32768))
    }
}
