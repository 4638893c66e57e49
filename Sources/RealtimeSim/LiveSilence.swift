import Foundation
import RealtimeCore

/// Digital silence for GPT-Live output: one 100 ms frame per format, base64 encoded once for all sessions.
enum LiveSilence {
    private static let pcm24k = frame(byte: 0, count: 4800)
    private static let pcm16k = frame(byte: 0, count: 3200)
    /// µ-law encodes zero as 0xFF.
    private static let pcmu = frame(byte: 0xFF, count: 800)
    /// A-law encodes zero as 0xD5.
    private static let pcma = frame(byte: 0xD5, count: 800)

    /// 100 ms of silence in `format`, base64.
    static func frame(for format: AudioFormat) -> String {
        switch format {
        case .pcm(let rate): rate == 16_000 ? pcm16k : pcm24k
        case .pcmu: pcmu
        case .pcma: pcma
        }
    }

    /// The byte that encodes a zero sample in `format`.
    static func byte(for format: AudioFormat) -> UInt8 {
        switch format {
        case .pcm: 0
        case .pcmu: 0xFF
        case .pcma: 0xD5
        }
    }

    private static func frame(byte: UInt8, count: Int) -> String {
        Data(repeating: byte, count: count).base64EncodedString()
    }
}
