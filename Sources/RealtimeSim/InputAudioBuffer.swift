import Foundation
import RealtimeCore

/// The input audio appended since the last commit or clear, in the session's input format, placed on the
/// session's audio timeline.
struct InputAudioBuffer: Sendable {
    /// The format of the bytes.
    let format: AudioFormat
    /// Samples per second of the format.
    let sampleRate: Int
    /// Bytes per sample (2 for PCM16, 1 for G.711).
    let bytesPerSample: Int
    /// The timeline position (ms) at which this format's audio began.
    let originMs: Int

    private var bytes: [UInt8] = []
    /// The number of samples (since `originMs`) before the first buffered byte.
    private(set) var startSample = 0
    /// The number of samples (since `originMs`) appended in this format, buffered or not.
    private(set) var endSample = 0

    /// Creates an empty buffer for a format, starting at `originMs` on the timeline.
    init(format: AudioFormat, originMs: Int) {
        self.format = format
        self.originMs = originMs
        sampleRate = format.sampleRate
        bytesPerSample = format.bytesPerSample
    }

    /// The timeline position (ms) just after the last appended sample.
    var timelineMs: Int { milliseconds(ofSample: endSample) }

    /// The timeline position (ms) of the first buffered sample.
    var startMs: Int { milliseconds(ofSample: startSample) }

    /// How much audio is buffered, in ms (fractional).
    var bufferedMs: Double { Double(endSample - startSample) * 1000 / Double(sampleRate) }

    /// Appends raw bytes in the buffer's format.
    mutating func append(_ data: Data) {
        bytes.append(contentsOf: data)
        endSample += data.count / bytesPerSample
    }

    /// Decodes raw bytes of this format to PCM16 for the detector.
    func samples(of data: Data) -> [Int16] {
        Self.samples(of: data, format: format)
    }

    /// Decodes raw bytes of a format (PCM16 little-endian, or G.711) to PCM16 samples.
    static func samples(of data: Data, format: AudioFormat) -> [Int16] {
        switch format {
        case .pcm:
            var samples = [Int16](repeating: 0, count: data.count / 2)
            samples.withUnsafeMutableBytes { target in
                data.withUnsafeBytes { source in target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<target.count])) }
            }
            #if _endian(big)
                samples = samples.map { Int16(littleEndian: $0) }
            #endif
            return samples
        case .pcmu:
            return G711.decodeMuLaw(data)
        case .pcma:
            return G711.decodeALaw(data)
        }
    }

    /// Removes and returns the audio between two timeline positions; everything before `endMs` is dropped.
    mutating func take(fromMs startMs: Int, toMs endMs: Int) -> Data {
        let from = min(max(sample(atMs: startMs), startSample), endSample)
        let to = min(max(sample(atMs: endMs), from), endSample)
        let taken = Data(bytes[(from - startSample) * bytesPerSample..<(to - startSample) * bytesPerSample])
        drop(before: to)
        return taken
    }

    /// Removes and returns everything buffered.
    mutating func takeAll() -> Data {
        let taken = Data(bytes)
        drop(before: endSample)
        return taken
    }

    /// Forgets audio older than `milliseconds` before the end (keeps memory bounded while nobody speaks).
    /// Trims only once twice that much is buffered, so the cost is spread thin.
    mutating func keepLast(milliseconds: Int) {
        let keep = milliseconds * sampleRate / 1000
        guard endSample - startSample > 2 * keep else { return }
        drop(before: endSample - keep)
    }

    private mutating func drop(before sample: Int) {
        let count = min(max(0, sample - startSample), endSample - startSample)
        bytes.removeFirst(count * bytesPerSample)
        startSample += count
    }

    private func milliseconds(ofSample sample: Int) -> Int {
        originMs + sample * 1000 / sampleRate
    }

    private func sample(atMs ms: Int) -> Int {
        (ms - originMs) * sampleRate / 1000
    }
}
