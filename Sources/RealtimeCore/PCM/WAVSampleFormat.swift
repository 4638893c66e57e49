/// How the samples of a WAV `data` chunk are encoded, read from its `fmt ` chunk.
struct WAVSampleFormat {
    enum Encoding {
        case integer
        case float
    }

    var encoding: Encoding
    var bits: Int
    var channels: Int
    var sampleRate: Int
    var blockAlign: Int

    init(_ chunk: ArraySlice<UInt8>) throws(WAVError) {
        let fmt = Array(chunk)
        guard fmt.count >= 16 else { throw WAVError.invalidFormat("the 'fmt ' chunk has \(fmt.count) bytes, at least 16 are needed") }
        var tag = Self.uint16(fmt, at: 0)
        channels = Int(Self.uint16(fmt, at: 2))
        sampleRate = Int(Self.uint32(fmt, at: 4))
        blockAlign = Int(Self.uint16(fmt, at: 12))
        bits = Int(Self.uint16(fmt, at: 14))
        if tag == 0xFFFE {
            guard fmt.count >= 40 else { throw WAVError.invalidFormat("WAVE_FORMAT_EXTENSIBLE with a \(fmt.count)-byte 'fmt ' chunk, 40 are needed") }
            // The sub-format GUID is the format tag followed by the fixed suffix 00000000-0010-8000-00AA00389B71.
            let suffix: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
            guard fmt[26..<40].elementsEqual(suffix) else {
                throw WAVError.invalidFormat("WAVE_FORMAT_EXTENSIBLE with a sub-format GUID that is not a standard audio format")
            }
            tag = Self.uint16(fmt, at: 24)
        }
        switch tag {
        case 0x0001:
            encoding = .integer
            guard [8, 16, 24, 32].contains(bits) else { throw WAVError.unsupportedBits(format: "PCM", bits: bits) }
        case 0x0003:
            encoding = .float
            guard [32, 64].contains(bits) else { throw WAVError.unsupportedBits(format: "float", bits: bits) }
        default:
            throw WAVError.unsupportedFormat(tag: tag)
        }
        guard channels > 0 else { throw WAVError.invalidFormat("0 channels") }
        guard sampleRate > 0 else { throw WAVError.invalidFormat("sample rate 0") }
        guard blockAlign == channels * bits / 8 else {
            throw WAVError.invalidFormat("block alignment \(blockAlign) for \(channels) channel(s) of \(bits) bits")
        }
    }

    /// Converts the chunk's samples to PCM16, keeping the channel interleaving.
    func decode(_ data: ArraySlice<UInt8>) -> [Int16] {
        let width = bits / 8
        let count = data.count / width
        return data.withUnsafeBytes { raw in
            (0..<count).map { index in
                let at = index * width
                switch (encoding, bits) {
                case (.integer, 8):
                    return Int16(Int(raw[at]) - 128) << 8
                case (.integer, 16):
                    return Int16(bitPattern: UInt16(raw[at]) | UInt16(raw[at + 1]) << 8)
                case (.integer, 24):
                    let value = Int32(bitPattern: UInt32(raw[at]) << 8 | UInt32(raw[at + 1]) << 16 | UInt32(raw[at + 2]) << 24)
                    return Int16(truncatingIfNeeded: value >> 16)
                case (.integer, _):
                    return Int16(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: at, as: Int32.self).littleEndian >> 16)
                case (.float, 32):
                    return Self.pcm16(Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)))
                case (.float, _):
                    return Self.pcm16(Double(bitPattern: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian))
                }
            }
        }
    }

    private static func pcm16(_ value: Double) -> Int16 {
        guard value.isFinite else { return 0 }
        return Int16(clamping: Int((value * 32768).rounded()))
    }

    /// Reads a little-endian 16-bit value at `offset`.
    static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    /// Reads a little-endian 32-bit value at `offset`.
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
