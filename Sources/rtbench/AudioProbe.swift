import Foundation

/// The records of bench/audio-probe.so (preloaded into this process): when each audio append left on the
/// socket, and when each marked output frame was written to PulseAudio.
enum AudioProbe {
    /// Which records to read.
    enum Kind: Int32 {
        /// `input_audio_buffer.append` frames by event number (`rtc_N`), at the return of write/writev.
        case socketAppends = 0
        /// Marked output audio by marker number, at the return of `pa_stream_write`.
        case pulseWrites = 1
        /// Marked output audio by marker number, when `pa_stream_write` was called with it.
        case pulseCalls = 2
    }

    /// The first two samples of a marked delta; the third is the marker's number.
    static let marker: (Int16, Int16) = (31_420, -21_554)

    private typealias Reader = @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int) -> Int

    private static var reader: Reader? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "rtbench_probe_read") else { return nil }
        return unsafeBitCast(symbol, to: Reader.self)
    }

    /// True when the probe is loaded.
    static var isLoaded: Bool { reader != nil }

    /// Every record of a kind, as key → the first time it was seen (CLOCK_MONOTONIC ns).
    static func read(_ kind: Kind) -> [Int64: Int64] {
        guard let reader else { return [:] }
        let capacity = 65_536
        var buffer = [Int64](repeating: 0, count: capacity * 2)
        let count = buffer.withUnsafeMutableBufferPointer { reader(kind.rawValue, $0.baseAddress, capacity) }
        var records: [Int64: Int64] = [:]
        for index in 0..<count where records[buffer[2 * index]] == nil { records[buffer[2 * index]] = buffer[2 * index + 1] }
        return records
    }
}
