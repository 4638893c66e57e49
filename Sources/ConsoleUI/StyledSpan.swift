/// A piece of text in one style; a line of the screen is a list of spans.
public struct StyledSpan: Sendable, Equatable {
    public var text: String
    public var style: CellStyle

    /// Creates a span.
    public init(_ text: String, _ style: CellStyle) {
        self.text = text
        self.style = style
    }

    /// Creates a span in a role.
    public init(_ text: String, _ role: StyleRole, _ emphasis: Emphasis = []) {
        self.init(text, CellStyle(role, emphasis))
    }

    /// The columns the span takes.
    public var width: Int { DisplayWidth.of(text) }
}

extension Canvas {
    /// Writes spans one after another on a row, never past `limit` columns.
    ///
    /// - Returns: the columns written.
    @discardableResult
    public mutating func write(_ spans: [StyledSpan], x: Int, y: Int, limit: Int) -> Int {
        var column = x
        for span in spans where column < x + limit {
            column += write(span.text, x: column, y: y, style: span.style, limit: x + limit - column)
        }
        return column - x
    }
}
