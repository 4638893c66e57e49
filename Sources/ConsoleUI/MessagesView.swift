import Foundation
import RealtimeCore

/// The `n` overlay: every message of the call, in full and wrapped by words, oldest first, each with the
/// call clock when it was shown.
enum MessagesView {
    static func draw(_ model: ConsoleModel, scroll: Int, in rect: Rect, on canvas: inout Canvas, facts: inout LayoutFacts) {
        let g = model.glyphs
        canvas.fill(rect, style: CellStyle(.overlay))
        let frame = PaneFrame.draw(rect, title: "Messages", detail: "\(model.messageLog.count)", focused: true, glyphs: g, on: &canvas)
        let inner = Rect(x: frame.x + 1, y: frame.y, width: frame.width - 1, height: frame.height)
        guard inner.height > 1, inner.width > 12 else { return }
        var lines: [[StyledSpan]] = []
        for entry in model.messageLog {
            let (mark, role) = MessageLineView.look(entry.notice.level)
            let stamp = Format.clock(Int(entry.time.timeIntervalSince(model.startedAt))) + " \(mark) "
            lines += TextWrapper.wrap(StyledSpan(entry.notice.text, role), width: inner.width, behind: StyledSpan(stamp, .muted), blankRole: .overlay)
        }
        if lines.isEmpty { lines = [[StyledSpan("No messages yet.", .muted)]] }
        OverlayScroller.draw(lines, scroll: scroll, in: inner, glyphs: g, on: &canvas, facts: &facts)
    }
}
