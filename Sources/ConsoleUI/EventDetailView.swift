import Foundation
import RealtimeCore

/// One event, expanded to pretty JSON over the panes: audio elided, keys and tokens redacted.
enum EventDetailView {
    static func draw(_ model: ConsoleModel, rowID: Int, scroll: Int, in rect: Rect, on canvas: inout Canvas, facts: inout LayoutFacts) {
        guard let row = model.events.row(id: rowID) else { return }
        let g = model.glyphs
        canvas.fill(rect, style: CellStyle(.overlay))
        let record = row.latest
        let arrow = record.direction == .client ? "\(g.clientArrow) client" : "\(g.serverArrow) server"
        var detail = "\(arrow) \(g.separator) \(Format.preciseClock(record.time.timeIntervalSince(model.startedAt)))"
        if row.count > 1 { detail += " \(g.separator) latest of \(row.count)" }
        let inner = PaneFrame.draw(rect, title: record.type, detail: detail, focused: true, glyphs: g, on: &canvas)
        guard inner.height > 1, inner.width > 4 else { return }
        let text = SecretRedactor.shared.redact(JSONWriter.pretty(record.summary))
        var lines: [[StyledSpan]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(line.prefix { $0 == " " }.prefix(max(0, inner.width - 8)))
            let pad = StyledSpan(indent, .overlay)
            lines += TextWrapper.wrap([StyledSpan(String(line.dropFirst(indent.count)), .overlay)], width: inner.width - indent.count)
                .map { [pad] + $0 }
        }
        OverlayScroller.draw(lines, scroll: scroll, in: inner, glyphs: g, on: &canvas, facts: &facts)
    }
}
