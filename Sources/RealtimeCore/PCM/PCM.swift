import Foundation

/// The audio format every part of rtconsole speaks: 24 kHz mono signed 16-bit PCM, moved in 20 ms frames.
///
/// The Realtime API sends and receives exactly this format (`pcm16`), so the session core, the audio
/// back ends and the exporters all use these constants and conversions instead of their own.
public enum PCM {
    /// Samples per second of every PCM buffer in the session (24 kHz).
    public static let sampleRate = 24_000

    /// Samples in one millisecond at ``sampleRate``.
    public static let samplesPerMillisecond = 24

    /// The length of one capture or playback frame in milliseconds.
    public static let frameMilliseconds = 20

    /// The number of samples in one 20 ms frame (480).
    public static let frameSamples = 480

    /// Converts a sample count at ``sampleRate`` to whole milliseconds, rounding down.
    ///
    /// - Parameter samples: a number of samples (negative counts give negative milliseconds).
    /// - Returns: the milliseconds those samples last, rounded toward minus infinity.
    public static func milliseconds(forSamples samples: Int) -> Int {
        samples >= 0 ? samples / samplesPerMillisecond : -((-samples + samplesPerMillisecond - 1) / samplesPerMillisecond)
    }

    /// Converts milliseconds to the number of samples they last at ``sampleRate``.
    ///
    /// - Parameter milliseconds: a duration in milliseconds.
    /// - Returns: `milliseconds × 24`.
    public static func samples(forMilliseconds milliseconds: Int) -> Int {
        milliseconds * samplesPerMillisecond
    }

    /// Encodes samples as little-endian signed 16-bit PCM bytes (the wire format of `pcm16`).
    ///
    /// - Parameter samples: the samples to encode.
    /// - Returns: two bytes per sample, low byte first.
    public static func bytes(_ samples: [Int16]) -> Data {
        var data = Data(count: samples.count * 2)
        data.withUnsafeMutableBytes { raw in
            for (index, sample) in samples.enumerated() {
                raw.storeBytes(of: sample.littleEndian, toByteOffset: index * 2, as: Int16.self)
            }
        }
        return data
    }

    /// Decodes little-endian signed 16-bit PCM bytes into samples.
    ///
    /// - Parameter data: the bytes, two per sample, low byte first.
    /// - Returns: the decoded samples.
    /// - Throws: ``PCMError`` when the byte count is odd, so the data cannot be whole samples.
    public static func samples(fromLittleEndian data: Data) throws(PCMError) -> [Int16] {
        guard data.count.isMultiple(of: 2) else { throw PCMError(oddByteCount: data.count) }
        let count = data.count / 2
        return [Int16](unsafeUninitializedCapacity: count) { samples, initialized in
            data.withUnsafeBytes { raw in UnsafeMutableRawBufferPointer(samples).copyMemory(from: raw) }
            for index in 0..<count { samples[index] = Int16(littleEndian: samples[index]) }
            initialized = count
        }
    }
}
