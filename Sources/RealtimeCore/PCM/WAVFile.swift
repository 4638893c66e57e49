import Foundation

/// Audio read from a RIFF/WAVE file, converted to interleaved PCM16.
///
/// ``parse(_:)`` accepts integer PCM of 8 (unsigned), 16, 24 or 32 bits, IEEE float of 32 or 64 bits, and
/// `WAVE_FORMAT_EXTENSIBLE` files whose sub-format is one of those, at any sample rate and channel count.
/// Chunks other than `fmt ` and `data` are skipped. A `data` size of 2 GiB or more that runs past the end of
/// the file is taken for the placeholder a streaming writer (espeak-ng or sox to a pipe) leaves, and the
/// audio runs to the end of the file. Everything else (µ-law, ADPCM, MP3 in WAV, files that are not RIFF,
/// truncated files) is refused with a ``WAVError`` that explains what to do.
public struct WAVAudio: Sendable, Equatable {
    /// Samples per second of each channel.
    public var sampleRate: Int
    /// Number of interleaved channels.
    public var channels: Int
    /// The samples, interleaved by channel (`left, right, left, right…` for stereo).
    public var samples: [Int16]

    /// Creates audio from interleaved PCM16 samples.
    ///
    /// - Parameters:
    ///   - sampleRate: samples per second of each channel.
    ///   - channels: the number of interleaved channels.
    ///   - samples: the interleaved samples.
    public init(sampleRate: Int, channels: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    /// The number of sample frames (samples per channel).
    public var frameCount: Int { channels > 0 ? samples.count / channels : 0 }

    /// Declared `data` sizes from this one up, when larger than the file, are placeholders of a streamed file.
    private static let streamedLengthPlaceholder = 0x7FFF_0000

    /// Reads and parses a WAV file.
    ///
    /// - Parameter url: the file to read.
    /// - Returns: its audio as PCM16.
    /// - Throws: ``WAVError`` naming the file when it cannot be read or is not a WAV rtconsole accepts.
    public static func read(contentsOf url: URL) throws(WAVError) -> WAVAudio {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WAVError.unreadable(WAVError.reason(of: error)).naming(url.lastPathComponent)
        }
        do {
            return try parse(data)
        } catch {
            throw error.naming(url.lastPathComponent)
        }
    }

    /// Parses the bytes of a WAV file.
    ///
    /// - Parameter data: the complete file.
    /// - Returns: its audio as PCM16.
    /// - Throws: ``WAVError`` when the data is not a WAV rtconsole accepts.
    public static func parse(_ data: Data) throws(WAVError) -> WAVAudio {
        let bytes = [UInt8](data)
        guard bytes.count >= 12 else {
            if bytes.starts(with: Array("RIFF".utf8)) { throw WAVError.truncated("\(bytes.count) bytes, shorter than a RIFF header") }
            throw WAVError.notRIFF
        }
        if bytes.starts(with: Array("RF64".utf8)) { throw WAVError.rf64 }
        guard bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WAVE".utf8) else { throw WAVError.notRIFF }

        var format: WAVSampleFormat?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let declared = Int(WAVSampleFormat.uint32(bytes, at: offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard body + declared <= bytes.count else {
                    throw WAVError.truncated("the 'fmt ' chunk declares \(declared) bytes, \(bytes.count - body) are there")
                }
                format = try WAVSampleFormat(bytes[body..<body + declared])
            case "data":
                guard let format else { throw WAVError.noFormatChunk }
                // A writer streaming to a pipe does not know the length and puts a placeholder in the header
                // (0xFFFFFFFF, or 0x7FFFF000 from espeak-ng and sox): the data then runs to the end of the file.
                let available = bytes.count - body
                let streamed = declared >= Self.streamedLengthPlaceholder && declared > available
                let length = streamed ? available - available % format.blockAlign : declared
                guard body + length <= bytes.count else {
                    throw WAVError.truncated("the 'data' chunk declares \(length) bytes, \(bytes.count - body) are there")
                }
                guard length.isMultiple(of: format.blockAlign) else {
                    throw WAVError.truncated("the 'data' chunk ends inside a sample frame: \(length) bytes is not a multiple of \(format.blockAlign)")
                }
                return WAVAudio(
                    sampleRate: format.sampleRate,
                    channels: format.channels,
                    samples: format.decode(bytes[body..<body + length])
                )
            default:
                break
            }
            offset = body + declared + (declared & 1)
        }
        throw WAVError.noDataChunk
    }

    /// The audio as one channel at `rate`: channels are averaged, then resampled with ``Resampler``.
    ///
    /// - Parameter rate: the wanted sample rate (24 kHz, the session's rate, by default).
    /// - Returns: mono PCM16 at `rate`.
    public func monoSamples(at rate: Int = PCM.sampleRate) -> [Int16] {
        let mono: [Int16]
        if channels == 1 {
            mono = samples
        } else {
            mono = (0..<frameCount).map { frame in
                let start = frame * channels
                let sum = samples[start..<start + channels].reduce(0) { $0 + Int($1) }
                return Int16(clamping: sum / channels)
            }
        }
        return Resampler.resample(mono, from: sampleRate, to: rate)
    }
}
