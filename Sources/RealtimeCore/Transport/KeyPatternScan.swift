/// One pass of ``SecretRedactor``'s key patterns over UTF-8 text.
///
/// The text is split at spaces into tokens. The token after a credential label (`Bearer`, `api-key:`, also
/// at the end of a JSON string or key) is masked whole. In every other token each key-shaped run is masked:
/// `sk-`, `ek_` or `openai-insecure-api-key.` starting a word (not right after a letter, so "risk-assessment"
/// stays, unless the letter ends a JSON escape such as `\n`) and followed by at least 8 key characters
/// (ASCII letters, digits, `-`, `_`). The scan reads each byte a bounded number of times and copies the
/// text only when it masks something.
struct KeyPatternScan {
    private var rewrite: UTF8Rewrite
    private var bytes: UnsafeBufferPointer<UInt8> { rewrite.source }

    private static let secretKey = Array("sk-".utf8)
    private static let ephemeralKey = Array("ek_".utf8)
    private static let insecureKey = Array("openai-insecure-api-key.".utf8)
    private static let minimumKeyLength = 8
    private static let minimumMaskedTokenLength = 6

    /// The masked text, or `nil` when the text holds nothing to mask.
    static func redact(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            var scan = KeyPatternScan(rewrite: UTF8Rewrite(bytes))
            return scan.run()
        }
    }

    private mutating func run() -> String? {
        var start = 0
        var maskNext = false
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
            if maskNext {
                maskToken(start..<end)
                maskNext = false
            } else if end < bytes.count, isCredentialLabel(start..<end) {
                maskNext = true
            } else {
                maskEmbeddedKeys(start..<end)
            }
            start = end + 1
        }
        return rewrite.finish()
    }

    /// `Bearer` or `api-key:` as a whole token, or closing a JSON string (`"Bearer`, `"api-key":`); any case.
    private func isCredentialLabel(_ token: Range<Int>) -> Bool {
        (token.count == 6 && ends(token, with: "bearer")) || ends(token, with: "\"bearer")
            || (token.count == 8 && ends(token, with: "api-key:")) || ends(token, with: "\"api-key\":")
    }

    private func ends(_ token: Range<Int>, with label: StaticString) -> Bool {
        let count = label.utf8CodeUnitCount
        guard token.count >= count else { return false }
        let start = token.upperBound - count
        let letters = label.utf8Start
        for offset in 0..<count where Self.lowercased(bytes[start + offset]) != letters[offset] { return false }
        return true
    }

    /// Masks a token that follows a credential label, keeping the quotes and punctuation around it.
    private mutating func maskToken(_ token: Range<Int>) {
        var bodyStart = token.lowerBound
        while bodyStart < token.upperBound, Self.isOpeningPunctuation(bytes[bodyStart]) { bodyStart += 1 }
        var bodyEnd = token.upperBound
        while bodyEnd > bodyStart, Self.isClosingPunctuation(bytes[bodyEnd - 1]) { bodyEnd -= 1 }
        guard bodyEnd - bodyStart >= Self.minimumMaskedTokenLength else { return }
        let body = String(decoding: bytes[bodyStart..<bodyEnd], as: UTF8.self)
        guard !body.contains(SecretRedactor.maskMark.dropLast()) else { return }
        rewrite.replace(bodyStart..<bodyEnd, with: SecretRedactor.mask(body).utf8)
    }

    private mutating func maskEmbeddedKeys(_ token: Range<Int>) {
        var position = token.lowerBound
        while position < token.upperBound {
            guard let marker = marker(at: position, end: token.upperBound) else {
                position += 1
                continue
            }
            let bodyStart = position + marker.count
            var bodyEnd = bodyStart
            while bodyEnd < token.upperBound, Self.isKeyByte(bytes[bodyEnd]) { bodyEnd += 1 }
            guard bodyEnd - bodyStart >= Self.minimumKeyLength else {
                position = bodyStart
                continue
            }
            if marker == Self.insecureKey {
                rewrite.replace(bodyStart..<bodyEnd, with: SecretRedactor.maskMark.utf8)
            } else {
                rewrite.replace(position..<bodyEnd, with: SecretRedactor.mask(String(decoding: bytes[position..<bodyEnd], as: UTF8.self)).utf8)
            }
            position = bodyEnd
        }
    }

    /// The key prefix that starts a word at `position`, if any.
    private func marker(at position: Int, end: Int) -> [UInt8]? {
        let candidate: [UInt8]
        switch bytes[position] {
        case UInt8(ascii: "s"): candidate = Self.secretKey
        case UInt8(ascii: "e"): candidate = Self.ephemeralKey
        case UInt8(ascii: "o"): candidate = Self.insecureKey
        default: return nil
        }
        guard position + candidate.count <= end, startsWord(at: position) else { return nil }
        for offset in 1..<candidate.count where bytes[position + offset] != candidate[offset] { return nil }
        return candidate
    }

    /// Not right after a letter, unless that letter ends an escape such as `\n` in JSON text.
    private func startsWord(at position: Int) -> Bool {
        position == 0 || !Self.isLetter(bytes[position - 1]) || (position >= 2 && bytes[position - 2] == UInt8(ascii: "\\"))
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lowercased(byte))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isOpeningPunctuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[")
    }

    private static func isClosingPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "}"), UInt8(ascii: "]"),
            UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default: false
        }
    }
}
