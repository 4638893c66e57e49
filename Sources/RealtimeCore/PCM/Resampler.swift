import Foundation

/// Converts PCM16 audio between sample rates with a Kaiser-windowed sinc low-pass filter.
///
/// The filter cuts off at 95 % of the lower of the two Nyquist frequencies, has 16 zero crossings on each
/// side and a Kaiser window with β = 8.6 (stop band about −85 dB), so 44.1 or 48 kHz speech converts to
/// 24 kHz without audible aliasing, and upsampling adds no images. Samples beyond either end of the input
/// count as silence. The whole buffer is converted at once; it is not meant for chunked streaming.
public enum Resampler {
    /// Zero crossings of the sinc on each side of the centre tap.
    private static let zeroCrossings = 16
    /// Kernel table entries per zero crossing; values between entries are linearly interpolated.
    private static let tableResolution = 512
    /// Passband edge as a fraction of the lower Nyquist frequency.
    private static let rolloff = 0.95
    /// Kaiser window shape parameter.
    private static let kaiserBeta = 8.6

    /// The windowed sinc sampled at `1 / tableResolution` steps from 0 to `zeroCrossings` (one extra entry as a guard).
    private static let kernel: [Double] = {
        let count = zeroCrossings * tableResolution + 2
        let norm = besselI0(kaiserBeta)
        return (0..<count).map { index in
            let u = Double(index) / Double(tableResolution)
            guard u < Double(zeroCrossings) else { return 0 }
            let sinc = u == 0 ? 1 : sin(Double.pi * u) / (Double.pi * u)
            let ratio = u / Double(zeroCrossings)
            return sinc * besselI0(kaiserBeta * (1 - ratio * ratio).squareRoot()) / norm
        }
    }()

    /// Resamples mono PCM16 audio.
    ///
    /// - Parameters:
    ///   - samples: the input, at `sourceRate`.
    ///   - sourceRate: the input's samples per second (positive).
    ///   - targetRate: the wanted samples per second (positive).
    /// - Returns: `samples` itself when the rates match, otherwise `samples.count × targetRate / sourceRate`
    ///   (rounded down) samples at `targetRate`.
    public static func resample(_ samples: [Int16], from sourceRate: Int, to targetRate: Int) -> [Int16] {
        precondition(sourceRate > 0 && targetRate > 0, "sample rates must be positive")
        guard sourceRate != targetRate, !samples.isEmpty else { return samples }
        let outputCount = samples.count * targetRate / sourceRate
        // Cutoff in cycles per input sample, relative to the input Nyquist frequency.
        let cutoff = rolloff * min(1, Double(targetRate) / Double(sourceRate))
        let halfWidth = Int((Double(zeroCrossings) / cutoff).rounded(.up))
        let input = samples.map(Double.init)
        var output = [Int16](repeating: 0, count: outputCount)
        for index in 0..<outputCount {
            let product = index * sourceRate
            let centre = product / targetRate
            let fraction = Double(product % targetRate) / Double(targetRate)
            var sum = 0.0
            for tap in max(0, centre - halfWidth + 1)...min(samples.count - 1, centre + halfWidth) {
                let distance = abs(Double(tap - centre) - fraction) * cutoff
                sum += input[tap] * kernelValue(at: distance)
            }
            output[index] = Int16(clamping: Int((sum * cutoff).rounded()))
        }
        return output
    }

    /// The kernel at `distance` zero crossings from the centre, interpolated from the table.
    private static func kernelValue(at distance: Double) -> Double {
        let position = distance * Double(tableResolution)
        let index = Int(position)
        guard index < kernel.count - 1 else { return 0 }
        let weight = position - Double(index)
        return kernel[index] + (kernel[index + 1] - kernel[index]) * weight
    }

    /// The zeroth-order modified Bessel function of the first kind, by its power series.
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        var k = 1.0
        while term > sum * 1e-12 {
            let half = x / (2 * k)
            term *= half * half
            sum += term
            k += 1
        }
        return sum
    }
}
