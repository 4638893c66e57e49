/// Breaks styled text into lines of a given display width: at spaces where it can, inside a word only
/// when the word is longer than a line, and wherever the text has a line break.
public enum TextWrapper {
    /// Wraps spans into lines no wider than `width` columns.
    public static func wrap(_ spans: [StyledSpan], width: Int) -> [[StyledSpan]] {
        guard width > 0 else { return [] }
        var lines: [[StyledSpan]] = [[]]
        var used = 0
        func newLine() {
            lines.append([])
            used = 0
        }
        func append(_ text: String, _ style: CellStyle, _ columns: Int) {
            if let last = lines[lines.count - 1].last, last.style == style {
                lines[lines.count - 1][lines[lines.count - 1].count - 1].text += text
            } else {
                lines[lines.count - 1].append(StyledSpan(text, style))
            }
            used += columns
        }
        for span in spans {
            for token in tokens(span.text) {
                if token == "\n" {
                    newLine()
                    continue
                }
                let columns = DisplayWidth.of(token)
                let isSpace = token.first == " "
                if isSpace {
                    if used == 0 { continue }
                    if used + columns > width {
                        newLine()
                        continue
                    }
                    append(token, span.style, columns)
                    continue
                }
                if used + columns > width, used > 0 { newLine() }
                if columns <= width {
                    append(token, span.style, columns)
                    continue
                }
                for character in token {
                    let characterWidth = DisplayWidth.of(String(character))
                    if used + characterWidth > width { newLine() }
                    append(String(character), span.style, characterWidth)
                }
            }
        }
        return lines.map(trimTrailingSpaces)
    }

    /// Wraps spans into at most `maxLines` lines, ending the last one with `ellipsis` when text was left out.
    public static func wrap(_ spans: [StyledSpan], width: Int, maxLines: Int, ellipsis: String) -> [[StyledSpan]] {
        let lines = wrap(spans, width: width)
        guard lines.count > maxLines, maxLines > 0 else { return Array(lines.prefix(max(0, maxLines))) }
        var kept = Array(lines.prefix(maxLines))
        var last = kept[maxLines - 1]
        let room = width - DisplayWidth.of(ellipsis)
        var used = 0
        var cut: [StyledSpan] = []
        for span in last {
            let text = truncate(span.text, width: room - used, ellipsis: "")
            if !text.isEmpty { cut.append(StyledSpan(text, span.style)) }
            used += DisplayWidth.of(text)
            if used >= room { break }
        }
        last = cut + [StyledSpan(ellipsis, last.last?.style ?? CellStyle(.text))]
        kept[maxLines - 1] = last
        return kept
    }

    /// Wraps `text` into `width` columns behind `lead`: the first line starts with it, the others with as many
    /// blank columns (in `blankRole`), so the text stands in a column of its own.
    public static func wrap(_ text: StyledSpan, width: Int, behind lead: StyledSpan, blankRole: StyleRole) -> [[StyledSpan]] {
        let indent = lead.width
        return wrap([text], width: max(1, width - indent)).enumerated().map { index, part in
            [index == 0 ? lead : StyledSpan(String(repeating: " ", count: indent), blankRole)] + part
        }
    }

    /// Cuts a line of spans to `width` columns, ending it with `ellipsis` (in the style of the span it cut)
    /// when anything was left out.
    public static func truncate(_ spans: [StyledSpan], width: Int, ellipsis: String) -> [StyledSpan] {
        guard spans.reduce(0, { $0 + $1.width }) > width else { return spans }
        let room = max(0, width - DisplayWidth.of(ellipsis))
        var used = 0
        var cut: [StyledSpan] = []
        for span in spans {
            let text = truncate(span.text, width: room - used, ellipsis: "")
            used += DisplayWidth.of(text)
            if text != span.text {
                cut.append(StyledSpan(text + ellipsis, span.style))
                return cut
            }
            cut.append(span)
        }
        return cut
    }

    /// Cuts text to `width` columns, ending with `ellipsis` when it had to cut.
    public static func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
        guard DisplayWidth.of(text) > width else { return text }
        let room = width - DisplayWidth.of(ellipsis)
        guard room > 0 else { return String(ellipsis.prefix(max(0, width))) }
        var result = ""
        var used = 0
        for character in text {
            let columns = DisplayWidth.of(String(character))
            if used + columns > room { break }
            result.append(character)
            used += columns
        }
        return result + ellipsis
    }

    /// Words, runs of spaces and line breaks; tabs become a space and other control characters vanish.
    private static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            if character == "\n" || character == "\r\n" {
                if !current.isEmpty { result.append(current) }
                result.append("\n")
                current = ""
                continue
            }
            let normalized: Character = character == "\t" ? " " : character
            if let scalar = normalized.unicodeScalars.first, DisplayWidth.isControl(scalar) { continue }
            let isSpace = normalized == " "
            if !current.isEmpty, isSpace != currentIsSpace {
                result.append(current)
                current = ""
            }
            current.append(normalized)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func trimTrailingSpaces(_ line: [StyledSpan]) -> [StyledSpan] {
        var line = line
        while let last = line.last {
            let trimmed = String(last.text.reversed().drop { $0 == " " }.reversed())
            if trimmed.isEmpty {
                line.removeLast()
            } else {
                line[line.count - 1].text = trimmed
                break
            }
        }
        return line
    }
}
