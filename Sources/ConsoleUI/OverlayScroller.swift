/// Draws the lines of an overlay that may not fit its box: as many as fit from `scroll` down, and a last
/// row that says which lines are shown and which keys scroll or close.
enum OverlayScroller {
    /// Draws `lines` into `inner`, keeping its last row for the hint, and reports the line and row counts
    /// in `facts` so that keys can page and clamp.
    static func draw(
        _ lines: [[StyledSpan]], scroll: Int, in inner: Rect, glyphs g: GlyphSet, on canvas: inout Canvas, facts: inout LayoutFacts
    ) {
        let rows = max(0, inner.height - 1)
        facts.overlayLines = lines.count
        facts.overlayRows = rows
        let first = min(scroll, max(0, lines.count - rows))
        for (index, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            canvas.write(line, x: inner.x, y: inner.y + index, limit: inner.width)
        }
        var hint = "↑↓ PgUp PgDn scroll \(g.separator) other keys close"
        if lines.count > rows { hint = "lines \(first + 1)–\(min(lines.count, first + rows))/\(lines.count) \(g.separator) " + hint }
        canvas.write(TextWrapper.truncate(hint, width: inner.width, ellipsis: g.ellipsis), x: inner.x, y: inner.maxY - 1, style: CellStyle(.muted))
    }
}
