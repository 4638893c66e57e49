import Foundation

/// Why a WAV file could not be read or written, with a one-line description that says what was wrong,
/// what rtconsole accepts and what to do about it.
///
/// The problem kinds are hidden so that new ones can be added without breaking callers; compare errors
/// with `==` against the static members, or just show ``description``.
public struct WAVError: Error, Equatable, CustomStringConvertible {
    private enum Problem: Equatable {
        case notRIFF
        case rf64
        case noFormatChunk
        case noDataChunk
        case unsupportedFormat(tag: UInt16, name: String?)
        case unsupportedBits(format: String, bits: Int)
        case invalidFormat(String)
        case truncated(String)
        case unreadable(String)
        case unwritable(String)
    }

    private let problem: Problem
    /// The file (or "the WAV data") the message names.
    private var subject: String

    private init(_ problem: Problem, subject: String = "the WAV data") {
        self.problem = problem
        self.subject = subject
    }

    /// The data does not start with a RIFF/WAVE header.
    public static let notRIFF = WAVError(.notRIFF)
    /// The data is an RF64 (64-bit RIFF) file, which rtconsole does not read.
    public static let rf64 = WAVError(.rf64)
    /// There is no `fmt ` chunk before the audio data.
    public static let noFormatChunk = WAVError(.noFormatChunk)
    /// There is no `data` chunk.
    public static let noDataChunk = WAVError(.noDataChunk)

    /// The format tag is not PCM, IEEE float or an extensible wrapper of either.
    ///
    /// - Parameter tag: the `wFormatTag` (or the sub-format of `WAVE_FORMAT_EXTENSIBLE`).
    public static func unsupportedFormat(tag: UInt16) -> WAVError {
        WAVError(.unsupportedFormat(tag: tag, name: formatName(tag)))
    }

    /// The sample size is not one rtconsole converts (8/16/24/32-bit integer, 32/64-bit float).
    ///
    /// - Parameters:
    ///   - format: "PCM" or "float".
    ///   - bits: the bits per sample the file declares.
    public static func unsupportedBits(format: String, bits: Int) -> WAVError {
        WAVError(.unsupportedBits(format: format, bits: bits))
    }

    /// The format chunk holds impossible values (zero channels or rate, wrong block alignment…).
    ///
    /// - Parameter detail: what is wrong, in a few words.
    public static func invalidFormat(_ detail: String) -> WAVError { WAVError(.invalidFormat(detail)) }

    /// The data ends before a chunk it declares.
    ///
    /// - Parameter detail: which chunk is cut short and by how much.
    public static func truncated(_ detail: String) -> WAVError { WAVError(.truncated(detail)) }

    /// The file could not be opened or read.
    ///
    /// - Parameter reason: the system's explanation.
    public static func unreadable(_ reason: String) -> WAVError { WAVError(.unreadable(reason)) }

    /// The file could not be created, written or moved into place.
    ///
    /// - Parameter reason: the system's explanation.
    public static func unwritable(_ reason: String) -> WAVError { WAVError(.unwritable(reason)) }

    /// The same error, naming `subject` (usually a file name) instead of "the WAV data".
    ///
    /// - Parameter subject: what to call the file in the description.
    /// - Returns: a copy of this error with the new subject.
    public func naming(_ subject: String) -> WAVError {
        var copy = self
        copy.subject = subject
        return copy
    }

    public static func == (lhs: WAVError, rhs: WAVError) -> Bool { lhs.problem == rhs.problem }

    private static let accepted = "rtconsole reads PCM (8/16/24/32-bit) or float (32/64-bit) WAV at any rate and channel count"

    private var conversionHint: String {
        let input = subject == "the WAV data" ? "in.wav" : subject
        return "convert it with `sox \(input) -e signed -b 16 out.wav`"
    }

    public var description: String {
        switch problem {
        case .notRIFF:
            "\(subject) is not a WAV file (no RIFF/WAVE header); \(Self.accepted): \(conversionHint)"
        case .rf64:
            "\(subject) is an RF64 file (WAV over 4 GiB), which rtconsole does not read; \(Self.accepted): \(conversionHint)"
        case .noFormatChunk:
            "\(subject) has no 'fmt ' chunk before its audio, so its format is unknown; \(Self.accepted): \(conversionHint)"
        case .noDataChunk:
            "\(subject) has no 'data' chunk, so it holds no audio; \(Self.accepted): \(conversionHint)"
        case .unsupportedFormat(let tag, let name):
            "\(subject) is not a PCM WAV file (format tag \(Self.hex(tag))\(name.map { ", \($0)" } ?? "")); \(Self.accepted): \(conversionHint)"
        case .unsupportedBits(let format, let bits):
            "\(subject) is \(bits)-bit \(format), which rtconsole does not convert; \(Self.accepted): \(conversionHint)"
        case .invalidFormat(let detail):
            "\(subject) has an invalid format chunk (\(detail)); \(Self.accepted): re-export it or \(conversionHint)"
        case .truncated(let detail):
            "\(subject) is truncated (\(detail)); \(Self.accepted): re-export or re-download the complete file"
        case .unreadable(let reason):
            "cannot read \(subject) (\(reason)); check the path and its permissions"
        case .unwritable(let reason):
            "cannot write \(subject) (\(reason)); check that the directory exists, is writable and has free space"
        }
    }

    /// The system's short explanation of a Foundation file error, for ``unreadable(_:)`` and ``unwritable(_:)``.
    static func reason(of error: any Error) -> String {
        FileErrorReason.of(error)
    }

    private static func hex(_ tag: UInt16) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func formatName(_ tag: UInt16) -> String? {
        switch tag {
        case 0x0002: "Microsoft ADPCM"
        case 0x0006: "A-law"
        case 0x0007: "µ-law"
        case 0x0011: "IMA ADPCM"
        case 0x0031: "GSM 6.10"
        case 0x0050, 0x0055: "MPEG"
        case 0x0161, 0x0162, 0x0163: "Windows Media Audio"
        case 0x1610: "AAC"
        case 0x674F, 0x6750, 0x6751: "Ogg Vorbis"
        case 0xF1AC: "FLAC"
        default: nil
        }
    }
}
