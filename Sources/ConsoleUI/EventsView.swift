import Foundation
import RealtimeCore

/// The event inspector: client and server events with time and direction, newest last, streams folded,
/// filtered by type and direction.
enum EventsView {
    static func draw(_ model: ConsoleModel, in rect: Rect, focused: Bool, on canvas: inout Canvas, facts: inout LayoutFacts) {
        let log = model.events
        let g = model.glyphs
        var detail = "\(log.total) seen"
        if !log.filter.isEmpty { detail += " \(g.separator) /\(log.filter)" }
        switch log.direction {
        case .client?: detail += " \(g.separator) \(g.clientArrow) client only"
        case .server?: detail += " \(g.separator) \(g.serverArrow) server only"
        case nil: break
        }
        let inner = PaneFrame.draw(rect, title: "Events", detail: detail, focused: focused, glyphs: g, on: &canvas)
        facts.eventRows = inner.height
        guard inner.height > 0, inner.width > 10 else { return }
        let visible = log.visibleRows
        guard let selected = log.selectedIndex(in: visible) else {
            let empty = log.rows.isEmpty ? "no events yet" : "no event matches the filter (Esc clears it)"
            canvas.write(empty, x: inner.x, y: inner.y, style: CellStyle(.muted), limit: inner.width)
            return
        }
        let start = max(0, min(selected - inner.height + 1, visible.count - inner.height))
        for (row, item) in visible[start...].prefix(inner.height).enumerated() {
            let line = inner.row(row)
            canvas.write(
                TextWrapper.truncate(spans(item, model: model), width: line.width, ellipsis: g.ellipsis), x: line.x, y: line.y, limit: line.width)
            if focused, start + row == selected { canvas.emphasize(line, .reverse) }
        }
    }

    /// One row: time, direction, type, and the size of a folded run. A folded run shows when it began, where
    /// it sits in the list, so the times read in order down the pane.
    static func spans(_ row: EventLog.Row, model: ConsoleModel) -> [StyledSpan] {
        let g = model.glyphs
        let record = row.latest
        let client = record.direction == .client
        var spans = [
            StyledSpan(Format.preciseClock(row.firstTime.timeIntervalSince(model.startedAt)) + " ", .muted),
            StyledSpan((client ? g.clientArrow : g.serverArrow) + " ", client ? .eventClient : .eventServer, .bold),
            StyledSpan(record.type, client ? .eventClient : .eventServer),
        ]
        if row.count > 1 { spans.append(StyledSpan(" ×\(row.count)", .muted)) }
        if row.audioBytes > 0 { spans.append(StyledSpan(" \(Format.bytes(row.audioBytes)) audio", .muted)) }
        if record.type == "error" { spans[2].style = CellStyle(.error) }
        return spans
    }
}
