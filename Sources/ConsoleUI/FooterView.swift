/// The key hints: the focused pane's keys on the first line, the keys that work everywhere on the second.
enum FooterView {
    static let height = 2

    static func draw(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 2 else { return }
        let pane = KeyHelp.pane(model.focus)
        draw([StyledSpan(" \(model.focus.title): ", .title)], pane, in: rect.row(0), glyphs: model.glyphs, on: &canvas)
        draw([StyledSpan(" ", .footer)], KeyHelp.global(for: model.call.api), in: rect.row(1), glyphs: model.glyphs, on: &canvas)
    }

    /// Draws bindings on a row, two spaces apart if they fit, else one, else as many as fit.
    private static func draw(_ lead: [StyledSpan], _ bindings: [KeyHelp.Binding], in row: Rect, glyphs: GlyphSet, on canvas: inout Canvas) {
        let leadWidth = lead.reduce(0) { $0 + $1.width }
        let widths = bindings.map { DisplayWidth.of($0.keys) + 1 + DisplayWidth.of($0.short) }
        let total = widths.reduce(0, +)
        let gap = leadWidth + total + 2 * (bindings.count - 1) <= row.width ? 2 : 1
        var spans = lead
        var used = leadWidth
        for (index, binding) in bindings.enumerated() {
            let needed = widths[index] + (index > 0 ? gap : 0)
            guard used + needed <= row.width else { break }
            if index > 0 { spans.append(StyledSpan(String(repeating: " ", count: gap), .footer)) }
            spans.append(StyledSpan(binding.keys, .key))
            spans.append(StyledSpan(" " + binding.short, .footer))
            used += needed
        }
        canvas.write(spans, x: row.x, y: row.y, limit: row.width)
    }
}
