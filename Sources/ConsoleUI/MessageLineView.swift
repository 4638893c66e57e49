import Foundation
import RealtimeCore

/// The line above the status bar: the text being typed (with the cursor), or the latest notice.
enum MessageLineView {
    static func draw(_ model: ConsoleModel, in row: Rect, on canvas: inout Canvas) {
        let g = model.glyphs
        if let entry = model.textEntry {
            canvas.fill(row, style: CellStyle(.input))
            let hint: String =
                switch entry.purpose {
                case .message: " Enter sends \(g.separator) Esc cancels "
                case .parameter: " Enter applies \(g.separator) Esc cancels "
                case .eventFilter: " Enter keeps \(g.separator) Esc clears "
                }
            let hintWidth = DisplayWidth.of(hint)
            let prompt = " \(entry.prompt) \(g.pointer) "
            let promptWidth = canvas.write(prompt, x: row.x, y: row.y, style: CellStyle(.input, .bold))
            let room = max(1, row.width - promptWidth - hintWidth - 1)
            let before = String(entry.characters.prefix(entry.cursor))
            let after = String(entry.characters.dropFirst(entry.cursor))
            let visibleBefore = tail(before, width: room - 1)
            let x = row.x + promptWidth
            let cursorX = x + canvas.write(visibleBefore, x: x, y: row.y, style: CellStyle(.input), limit: room)
            canvas.write(after, x: cursorX, y: row.y, style: CellStyle(.input), limit: x + room - cursorX)
            canvas.cursor = Canvas.Position(x: min(cursorX, row.maxX - 1), y: row.y)
            if row.width > promptWidth + hintWidth + 10 { canvas.writeRightAligned(hint, endX: row.maxX, y: row.y, style: CellStyle(.muted)) }
            return
        }
        guard let notice = model.notice else { return }
        let (mark, role) = look(notice.level)
        let text = String(" \(mark) \(notice.text)".map { $0.isNewline ? " " : $0 })
        guard DisplayWidth.of(text) > row.width else {
            canvas.write(text, x: row.x, y: row.y, style: CellStyle(role), limit: row.width)
            return
        }
        // Cut: say where the whole message can be read.
        let more = " \(g.separator) n: read it all "
        let room = max(1, row.width - DisplayWidth.of(more))
        let width = canvas.write(
            TextWrapper.truncate(text, width: room, ellipsis: g.ellipsis), x: row.x, y: row.y, style: CellStyle(role), limit: room)
        canvas.write(more, x: row.x + width, y: row.y, style: CellStyle(.muted), limit: row.width - width)
    }

    /// The mark and colour of a message of this level.
    static func look(_ level: Notice.Level) -> (mark: String, role: StyleRole) {
        switch level {
        case .info: ("•", .info)
        case .warning: ("!", .warning)
        case .error: ("✗", .error)
        }
    }

    /// The end of `text` that fits in `width` columns.
    private static func tail(_ text: String, width: Int) -> String {
        var result = ""
        var used = 0
        for character in text.reversed() {
            let columns = DisplayWidth.of(String(character))
            if used + columns > width { break }
            result.insert(character, at: result.startIndex)
            used += columns
        }
        return result
    }
}
