/// Finds where a member or element sits in JSON text, so errors about parsed values can name a line.
///
/// The text must already be known to be valid JSON; the locator only skips over values.
struct JSONTextLocator {
    /// One step of a path: an object member or an array element.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    private let bytes: [UInt8]

    init(text: String) {
        bytes = Array(text.utf8)
    }

    /// The 1-based line of the value at `path` (of its member name for object members), or nil if absent.
    func line(of path: [Step]) -> Int? {
        guard let offset = offset(of: path) else { return nil }
        return lineNumber(atOffset: offset)
    }

    /// The 1-based line of a byte offset.
    func lineNumber(atOffset offset: Int) -> Int {
        var line = 1
        for byte in bytes[0..<min(offset, bytes.count)] where byte == UInt8(ascii: "\n") { line += 1 }
        return line
    }

    private func offset(of path: [Step]) -> Int? {
        var index = skipWhitespace(from: 0)
        var found = index
        for step in path {
            guard index < bytes.count else { return nil }
            switch step {
            case .key(let name):
                guard bytes[index] == UInt8(ascii: "{"), let member = member(named: name, inObjectAt: index) else { return nil }
                found = member.keyOffset
                index = member.valueOffset
            case .index(let wanted):
                guard bytes[index] == UInt8(ascii: "["), let element = element(wanted, inArrayAt: index) else { return nil }
                found = element
                index = element
            }
        }
        return found
    }

    private func member(named name: String, inObjectAt start: Int) -> (keyOffset: Int, valueOffset: Int)? {
        var index = skipWhitespace(from: start + 1)
        while index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let keyOffset = index
            let keyEnd = endOfString(at: index)
            let key = String(decoding: bytes[(index + 1)..<(keyEnd - 1)], as: UTF8.self)
            index = skipWhitespace(from: keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueOffset = skipWhitespace(from: index + 1)
            if key == name { return (keyOffset, valueOffset) }
            index = skipWhitespace(from: endOfValue(at: valueOffset))
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(from: index + 1)
        }
        return nil
    }

    private func element(_ wanted: Int, inArrayAt start: Int) -> Int? {
        var index = skipWhitespace(from: start + 1)
        var position = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
            if position == wanted { return index }
            index = skipWhitespace(from: endOfValue(at: index))
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(from: index + 1)
            position += 1
        }
        return nil
    }

    private func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        return index
    }

    /// The offset just past the string starting at `start` (which holds its opening quote).
    private func endOfString(at start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return index
    }

    /// The offset just past the value starting at `start`.
    private func endOfValue(at start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(at: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index = endOfString(at: index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return index
        default:
            var index = start
            let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09]
            while index < bytes.count, !delimiters.contains(bytes[index]) { index += 1 }
            return index
        }
    }
}
