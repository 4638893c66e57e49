#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
public enum JSONParser {
    /// The deepest nesting accepted, so hostile input cannot exhaust the stack.
    public static let maximumDepth = 512

    /// Parses a complete JSON text.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONError> = text.withUTF8 { bytes in
            do throws(JSONError) { return .success(try parse(bytes: bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses a complete JSON text from UTF-8 bytes.
    public static func parse(bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(JSONError) { return .success(try parse(bytes: buffer)) } catch { return .failure(error) }
        }
        if let result { return try result.get() }
        return try parse(bytes: Array(bytes))
    }

    /// Parses a complete JSON text from a buffer of UTF-8 bytes.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw JSONError("unexpected text after the value", offset: reader.index) }
        return value
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func readValue(depth: Int) throws(JSONError) -> JSONValue {
            guard depth < JSONParser.maximumDepth else { throw JSONError("nesting deeper than \(JSONParser.maximumDepth)", offset: index) }
            guard index < bytes.count else { throw JSONError("unexpected end of text", offset: index) }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try readObject(depth: depth)
            case UInt8(ascii: "["): return try readArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try readString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
            default: throw JSONError("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'", offset: index)
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw JSONError("unexpected end of text", offset: index) }
            let start = literal.utf8Start
            for i in 0..<count where bytes[index + i] != start[i] {
                throw JSONError("invalid literal", offset: index)
            }
            index += count
        }

        mutating func readObject(depth: Int) throws(JSONError) -> JSONValue {
            index += 1
            var members: [JSONObject.Member] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject())
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw JSONError("expected a member name", offset: index) }
                let key = try readString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw JSONError("expected ':'", offset: index) }
                index += 1
                skipWhitespace()
                let value = try readValue(depth: depth + 1)
                members.append(JSONObject.Member(key: key, value: value))
                skipWhitespace()
                guard index < bytes.count else { throw JSONError("unexpected end of text in an object", offset: index) }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { throw JSONError("expected ',' or '}'", offset: index) }
                index += 1
                return .object(JSONObject(members))
            }
        }

        mutating func readArray(depth: Int) throws(JSONError) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array([])
            }
            while true {
                skipWhitespace()
                elements.append(try readValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw JSONError("unexpected end of text in an array", offset: index) }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else { throw JSONError("expected ',' or ']'", offset: index) }
                index += 1
                return .array(elements)
            }
        }

        /// Moves `index` past whole 8-byte words that hold no quote, backslash or control character, so
        /// the byte loop after it only looks at the word where the string (or an escape) ends.
        mutating func skipPlainWords() {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let quotes = ones &* UInt64(UInt8(ascii: "\""))
            let backslashes = ones &* UInt64(UInt8(ascii: "\\"))
            let controlLimit = ones &* 0x20
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ quotes
                let backslash = word ^ backslashes
                // One of these has a high bit set exactly when the word holds a quote, a backslash or a byte
                // below 0x20 (the classic "has a zero byte" and "has a byte less than n" tests).
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- controlLimit) & ~word)
                if special & highBits != 0 { return }
                index += 8
            }
        }

        mutating func readString() throws(JSONError) -> String {
            index += 1
            let start = index
            // Fast path: no escapes. Long plain runs (base64 audio) are skipped eight bytes at a time.
            skipPlainWords()
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    guard let string = String(validating: slice, as: UTF8.self) else {
                        throw JSONError("string is not valid UTF-8", offset: start)
                    }
                    return string
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw JSONError("control character in a string", offset: index) }
                index += 1
            }
            var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let string = String(validating: scratch, as: UTF8.self) else {
                        throw JSONError("string is not valid UTF-8", offset: start)
                    }
                    return string
                }
                if byte < 0x20 { throw JSONError("control character in a string", offset: index) }
                if byte != UInt8(ascii: "\\") {
                    scratch.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw JSONError("unpaired surrogate in \\u escape", offset: index)
                        }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw JSONError("invalid low surrogate", offset: index) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw JSONError("unpaired surrogate in \\u escape", offset: index)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw JSONError("invalid \\u escape", offset: index) }
                    scratch.append(contentsOf: String(Character(unicode)).utf8)
                default:
                    throw JSONError("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", offset: index - 1)
                }
            }
            throw JSONError("unterminated string", offset: start)
        }

        mutating func readHex4() throws(JSONError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw JSONError("short \\u escape", offset: index) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw JSONError("invalid hex digit in \\u escape", offset: index)
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func readNumber() throws(JSONError) -> Double {
            let start = index
            var isInteger = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONError("invalid number", offset: start) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw JSONError("invalid number", offset: start) }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw JSONError("invalid number", offset: start) }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if isInteger, index - start <= 15 {
                var value: Int64 = 0
                var i = start
                let negative = bytes[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                while i < index {
                    value = value * 10 + Int64(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                }
                return Double(negative ? -value : value)
            }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
            guard let text = String(validating: slice, as: UTF8.self), let value = Double(text) else {
                throw JSONError("invalid number", offset: start)
            }
            return value
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
