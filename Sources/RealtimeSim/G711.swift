/// G.711 µ-law and A-law companding (ITU-T G.711), for sessions whose audio format is `audio/pcmu` or `audio/pcma`.
enum G711 {
    /// Expands µ-law bytes to PCM16 samples.
    static func decodeMuLaw(_ bytes: some Collection<UInt8>) -> [Int16] {
        bytes.map { byte in
            let value = ~byte
            let sign = value & 0x80
            let exponent = Int((value >> 4) & 0x07)
            let mantissa = Int(value & 0x0F)
            let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
            return Int16(sign != 0 ? -magnitude : magnitude)
        }
    }

    /// Compresses PCM16 samples to µ-law bytes.
    static func encodeMuLaw(_ samples: some Collection<Int16>) -> [UInt8] {
        samples.map { sample in
            var value = Int(sample) >> 2
            let mask: UInt8
            if value < 0 {
                value = -value
                mask = 0x7F
            } else {
                mask = 0xFF
            }
            value = min(value, 8159) + (0x84 >> 2)
            let segment = muLawSegmentEnds.firstIndex { value <= $0 } ?? 8
            guard segment < 8 else { return 0x7F ^ mask }
            return UInt8((segment << 4) | ((value >> (segment + 1)) & 0x0F)) ^ mask
        }
    }

    /// Expands A-law bytes to PCM16 samples.
    static func decodeALaw(_ bytes: some Collection<UInt8>) -> [Int16] {
        bytes.map { byte in
            let value = byte ^ 0x55
            let exponent = Int((value >> 4) & 0x07)
            let mantissa = Int(value & 0x0F)
            var magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1)
            magnitude = min(magnitude, 32767)
            return Int16(value & 0x80 != 0 ? magnitude : -magnitude)
        }
    }

    /// Compresses PCM16 samples to A-law bytes.
    static func encodeALaw(_ samples: some Collection<Int16>) -> [UInt8] {
        samples.map { sample in
            var value = Int(sample) >> 3
            let mask: UInt8
            if value >= 0 {
                mask = 0xD5
            } else {
                mask = 0x55
                value = -value - 1
            }
            let segment = aLawSegmentEnds.firstIndex { value <= $0 } ?? 8
            guard segment < 8 else { return 0x7F ^ mask }
            let quantised = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F
            return UInt8((segment << 4) | quantised) ^ mask
        }
    }

    /// The largest biased 14-bit magnitude of each µ-law segment.
    private static let muLawSegmentEnds = [0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF]
    /// The largest 13-bit magnitude of each A-law segment.
    private static let aLawSegmentEnds = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF]
}
