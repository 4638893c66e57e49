/// Writes an indented JSON object (as ``JSONWriter/pretty(_:)`` does) member by member to a ``TextSink``,
/// and an array member element by element, so a large document is never built whole: each piece handed
/// to the sink is one member or one element.
struct PrettyObjectStream<Sink: TextSink> {
    private(set) var sink: Sink
    private var memberCount = 0
    private static var indent: String { "  " }

    /// Starts an object.
    init(into sink: Sink) {
        self.sink = sink
    }

    /// Writes a member.
    mutating func member(_ key: String, _ value: JSONValue) throws(Sink.Failure) {
        var text = memberStart(key)
        JSONWriter.write(value, into: &text, indent: Self.indent, level: 1)
        try sink.write(text)
    }

    /// Writes a member whose value is an array, one element at a time.
    mutating func member<Elements: Sequence>(
        _ key: String, elements: Elements, _ element: (Elements.Element) -> JSONValue
    ) throws(Sink.Failure) {
        var text = memberStart(key) + "["
        var count = 0
        for each in elements {
            if count > 0 { text += "," }
            JSONWriter.newline(into: &text, indent: Self.indent, level: 2)
            JSONWriter.write(element(each), into: &text, indent: Self.indent, level: 2)
            try sink.write(text)
            text = ""
            count += 1
        }
        if count > 0 { JSONWriter.newline(into: &text, indent: Self.indent, level: 1) }
        try sink.write(text + "]")
    }

    /// Ends the object.
    mutating func finish() throws(Sink.Failure) {
        try sink.write(memberCount == 0 ? "{}" : "\n}")
    }

    private mutating func memberStart(_ key: String) -> String {
        var text = memberCount == 0 ? "{" : ","
        memberCount += 1
        JSONWriter.newline(into: &text, indent: Self.indent, level: 1)
        JSONWriter.writeString(key, into: &text)
        return text + ": "
    }
}
