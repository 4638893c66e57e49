import ConsoleUI

/// Finds the line of a key in a theme file's text, so an error can name it (TOML libraries report lines only for syntax errors).
struct ThemeSourceLocator {
    /// A `key = value` line: its full dotted path (table header included) and its 1-based line number.
    private struct Assignment {
        var path: [String]
        var line: Int
        var value: Substring
    }

    private var assignments: [Assignment] = []
    private var headers: [(path: [String], line: Int)] = []

    /// Indexes the assignments and table headers of a TOML text.
    init(_ text: String) {
        var table: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingLeadingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = Self.components(inner)
                headers.append((table, index + 1))
            } else if let equals = line.firstIndex(of: "=") {
                let key = Self.components(line[..<equals])
                assignments.append(Assignment(path: table + key, line: index + 1, value: line[line.index(after: equals)...]))
            }
        }
    }

    /// The line that sets a key (`["styles", "user", "fg"]`), or the closest line that encloses it.
    func line(of path: [String]) -> Int? {
        if let exact = assignments.first(where: { $0.path == path }) { return exact.line }
        var best: (length: Int, line: Int) = (0, 0)
        for assignment in assignments where path.starts(with: assignment.path) {
            let inline = path.count > assignment.path.count && assignment.value.contains(path[path.count - 1])
            let length = assignment.path.count + (inline ? 1 : 0)
            if length > best.length { best = (length, assignment.line) }
        }
        if best.length > 0 { return best.line }
        return headers.last { path.starts(with: $0.path) && !$0.path.isEmpty }?.line
    }

    /// The dotted key set on a line, if the line is an assignment.
    func key(atLine line: Int) -> String? {
        assignments.first { $0.line == line }.map { $0.path.joined(separator: ".") }
    }

    private static func components(_ text: Substring) -> [String] {
        text.split(separator: ".").map { part in
            let trimmed = part.trimmingLeadingSpaces().reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            return String(trimmed.filter { $0 != "\"" && $0 != "'" })
        }
    }
}

extension Substring {
    fileprivate func trimmingLeadingSpaces() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
