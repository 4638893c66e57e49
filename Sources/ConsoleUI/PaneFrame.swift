/// Draws the border and title of a pane.
enum PaneFrame {
    /// Draws a frame around `rect` and returns the inside.
    ///
    /// - Parameters:
    ///   - title: the title, drawn into the top border.
    ///   - detail: more words after the title (muted), e.g. a filter.
    ///   - focused: draws the border in the focus colour.
    static func draw(_ rect: Rect, title: String, detail: String = "", focused: Bool, glyphs: GlyphSet, on canvas: inout Canvas) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let border = CellStyle(focused ? .borderFocused : .border)
        let top = rect.y
        let bottom = rect.maxY - 1
        for x in rect.x + 1..<rect.maxX - 1 {
            canvas.write(glyphs.horizontal, x: x, y: top, style: border)
            canvas.write(glyphs.horizontal, x: x, y: bottom, style: border)
        }
        for y in top + 1..<bottom {
            canvas.write(glyphs.vertical, x: rect.x, y: y, style: border)
            canvas.write(glyphs.vertical, x: rect.maxX - 1, y: y, style: border)
        }
        canvas.write(glyphs.topLeft, x: rect.x, y: top, style: border)
        canvas.write(glyphs.topRight, x: rect.maxX - 1, y: top, style: border)
        canvas.write(glyphs.bottomLeft, x: rect.x, y: bottom, style: border)
        canvas.write(glyphs.bottomRight, x: rect.maxX - 1, y: bottom, style: border)
        let room = rect.width - 4
        if room > 2 {
            let titleStyle = focused ? CellStyle(.borderFocused, .bold) : CellStyle(.title)
            var used = canvas.write(" \(title) ", x: rect.x + 1, y: top, style: titleStyle, limit: room)
            if !detail.isEmpty, used < room {
                used += canvas.write(
                    TextWrapper.truncate(detail, width: room - used - 1, ellipsis: glyphs.ellipsis) + " ",
                    x: rect.x + 1 + used, y: top, style: CellStyle(.muted), limit: room - used)
            }
        }
        return rect.inset(by: 1)
    }
}
