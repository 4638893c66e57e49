/// Builds an edited copy of UTF-8 text, copying the text only once the first edit is made.
///
/// Edits must come in order of position and must not overlap; ``finish()`` returns `nil` when there was
/// none, so the caller keeps the original string without a copy.
struct UTF8Rewrite {
    /// The text being edited.
    let source: UnsafeBufferPointer<UInt8>
    private var output: [UInt8] = []
    private var copied = 0
    private var edited = false

    init(_ source: UnsafeBufferPointer<UInt8>) { self.source = source }

    /// Replaces `range` of the source with `replacement`.
    mutating func replace(_ range: Range<Int>, with replacement: some Sequence<UInt8>) {
        if !edited {
            output.reserveCapacity(source.count + 32)
            edited = true
        }
        output.append(contentsOf: source[copied..<range.lowerBound])
        output.append(contentsOf: replacement)
        copied = range.upperBound
    }

    /// The edited text, or `nil` when nothing was replaced.
    mutating func finish() -> String? {
        guard edited else { return nil }
        output.append(contentsOf: source[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// Replaces every occurrence of `needle` in `text` with `replacement`; `nil` when there is none.
    static func replacingOccurrences(of needle: String, with replacement: String, in text: String) -> String? {
        var text = text
        var needle = needle
        return text.withUTF8 { source in
            needle.withUTF8 { pattern -> String? in
                guard let first = pattern.first else { return nil }
                var rewrite = UTF8Rewrite(source)
                var position = 0
                while position + pattern.count <= source.count {
                    if source[position] == first, pattern.indices.allSatisfy({ source[position + $0] == pattern[$0] }) {
                        rewrite.replace(position..<position + pattern.count, with: replacement.utf8)
                        position += pattern.count
                    } else {
                        position += 1
                    }
                }
                return rewrite.finish()
            }
        }
    }
}
