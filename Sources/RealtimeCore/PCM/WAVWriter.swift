import Foundation

/// Writes a PCM16 WAV file incrementally and moves it into place atomically.
///
/// Samples go to a hidden temporary file beside the target (`.name.wav.partial-<random>`). ``finish()``
/// patches the RIFF and `data` sizes and renames the temporary file over the target, so readers never
/// see a half-written file. A writer dropped without ``finish()`` deletes its temporary file.
///
/// ``append(_:)`` never throws: the first write failure is remembered, later appends are ignored, and
/// ``finish()`` throws it. The class is not thread-safe; use one writer from one thread (or under a lock).
public final class WAVWriter {
    /// Where the finished file goes.
    public let url: URL
    /// Samples per second of each channel.
    public let sampleRate: Int
    /// Number of interleaved channels.
    public let channels: Int

    private let temporaryURL: URL
    private var handle: FileHandle?
    private var dataBytes = 0
    private var failure: WAVError?

    /// The largest `data` chunk a RIFF file can describe.
    private static let maximumDataBytes = Int(UInt32.max) - 36

    /// Creates the temporary file and writes a provisional header.
    ///
    /// - Parameters:
    ///   - url: the file to create (replaced at ``finish()`` if it exists).
    ///   - sampleRate: samples per second of each channel (24 kHz by default).
    ///   - channels: the number of interleaved channels (1 by default).
    /// - Throws: ``WAVError`` when the temporary file cannot be created.
    public init(url: URL, sampleRate: Int = PCM.sampleRate, channels: Int = 1) throws(WAVError) {
        precondition(sampleRate > 0 && channels > 0, "a WAV file needs a positive rate and channel count")
        self.url = url
        self.sampleRate = sampleRate
        self.channels = channels
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        temporaryURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(random)")
        guard FileManager.default.createFile(atPath: temporaryURL.path, contents: header(dataBytes: 0)) else {
            throw WAVError.unwritable("cannot create \(temporaryURL.path)").naming(url.lastPathComponent)
        }
        do {
            let handle = try FileHandle(forWritingTo: temporaryURL)
            try handle.seekToEnd()
            self.handle = handle
        } catch {
            try? FileManager.default.removeItem(at: temporaryURL)
            throw WAVError.unwritable(WAVError.reason(of: error)).naming(url.lastPathComponent)
        }
    }

    deinit {
        if handle != nil {
            try? handle?.close()
            try? FileManager.default.removeItem(at: temporaryURL)
        }
    }

    /// The number of sample frames (samples per channel) appended so far.
    public var frameCount: Int { dataBytes / (2 * channels) }

    /// Appends interleaved samples (for mono, just the samples).
    ///
    /// - Parameter samples: whole sample frames: the count should be a multiple of ``channels``.
    public func append(_ samples: [Int16]) {
        guard let handle, failure == nil, !samples.isEmpty else { return }
        let bytes = PCM.bytes(samples)
        guard dataBytes + bytes.count <= Self.maximumDataBytes else {
            failure = WAVError.unwritable("more than 4 GiB of audio, the limit of a WAV file").naming(url.lastPathComponent)
            return
        }
        do {
            try handle.write(contentsOf: bytes)
            dataBytes += bytes.count
        } catch {
            failure = WAVError.unwritable(WAVError.reason(of: error)).naming(url.lastPathComponent)
        }
    }

    /// Appends two channels given separately; the shorter one is padded with silence.
    ///
    /// Only for writers created with two channels.
    /// - Parameters:
    ///   - left: samples for the first channel.
    ///   - right: samples for the second channel.
    public func appendStereo(left: [Int16], right: [Int16]) {
        precondition(channels == 2, "appendStereo needs a two-channel writer")
        let frames = max(left.count, right.count)
        var interleaved = [Int16](repeating: 0, count: frames * 2)
        for (index, sample) in left.enumerated() { interleaved[index * 2] = sample }
        for (index, sample) in right.enumerated() { interleaved[index * 2 + 1] = sample }
        append(interleaved)
    }

    /// Completes the header and moves the file into place.
    ///
    /// Calling it again after it succeeded does nothing.
    /// - Throws: ``WAVError`` when an earlier append failed or the file cannot be completed or renamed;
    ///   the temporary file is removed in that case.
    public func finish() throws(WAVError) {
        guard let handle else { return }
        self.handle = nil
        do {
            if let failure { throw failure }
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: header(dataBytes: dataBytes))
            try handle.synchronize()
            try handle.close()
            guard rename(temporaryURL.path, url.path) == 0 else {
                throw WAVError.unwritable(String(cString: strerror(errno))).naming(url.lastPathComponent)
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporaryURL)
            throw (error as? WAVError) ?? WAVError.unwritable(WAVError.reason(of: error)).naming(url.lastPathComponent)
        }
    }

    /// The 44-byte canonical PCM header for `dataBytes` bytes of samples.
    private func header(dataBytes: Int) -> Data {
        var header = Data()
        func put(_ text: String) { header.append(contentsOf: Array(text.utf8)) }
        func put32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { header.append(contentsOf: $0) } }
        func put16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { header.append(contentsOf: $0) } }
        put("RIFF")
        put32(36 + dataBytes)
        put("WAVE")
        put("fmt ")
        put32(16)
        put16(1)
        put16(channels)
        put32(sampleRate)
        put32(sampleRate * channels * 2)
        put16(channels * 2)
        put16(16)
        put("data")
        put32(dataBytes)
        return header
    }
}
