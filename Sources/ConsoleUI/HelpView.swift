/// The `?` overlay: every key, by where it works. Descriptions wrap by words under their own column, and
/// the overlay scrolls when the screen is too short for all of it.
enum HelpView {
    static func draw(_ model: ConsoleModel, scroll: Int, in area: Rect, on canvas: inout Canvas, facts: inout LayoutFacts) {
        let g = model.glyphs
        let sections: [(title: String, bindings: [KeyHelp.Binding])] = [
            (
                "Everywhere",
                KeyHelp.global(for: model.call.api) + [KeyHelp.messages, KeyHelp.reconnect, KeyHelp.suspend, KeyHelp.pane(.transcript)[0]]
            ),
            ("Transcript", Array(KeyHelp.pane(.transcript).dropFirst())),
            ("Settings", Array(KeyHelp.pane(.settings).dropFirst())),
            ("Events", Array(KeyHelp.pane(.events).dropFirst())),
        ]
        let keyWidth = (sections.flatMap(\.bindings).map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2
        let timeline = "Timeline (0.5 s a cell): \(g.userSlot) you  \(g.assistantSlot) assistant  \(g.bothSlot) both  \(g.cut) barge-in"
        let theme = "Theme \(model.call.themeName); `rtconsole themes` lists the others."
        let widest = sections.flatMap(\.bindings).map { 2 + keyWidth + DisplayWidth.of($0.long) }.max() ?? 0
        let width = min(area.width, max(60, widest, DisplayWidth.of(timeline), DisplayWidth.of(theme)) + 4)
        let textWidth = max(1, width - 4)
        var lines: [[StyledSpan]] = []
        for section in sections {
            lines.append([StyledSpan(section.title, .title)])
            for binding in section.bindings {
                let keys = "  " + binding.keys + String(repeating: " ", count: max(1, keyWidth - DisplayWidth.of(binding.keys)))
                lines += TextWrapper.wrap(
                    StyledSpan(binding.long, .overlay), width: max(textWidth, DisplayWidth.of(keys) + 10), behind: StyledSpan(keys, .key),
                    blankRole: .overlay)
            }
        }
        lines += TextWrapper.wrap([StyledSpan(timeline, .overlay)], width: textWidth)
        lines += TextWrapper.wrap([StyledSpan(theme, .muted)], width: textWidth)
        let height = min(area.height, lines.count + 3)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        canvas.fill(box, style: CellStyle(.overlay))
        let inner = PaneFrame.draw(box, title: "Keys", focused: true, glyphs: g, on: &canvas)
        let text = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 1), height: inner.height)
        OverlayScroller.draw(lines, scroll: scroll, in: text, glyphs: g, on: &canvas, facts: &facts)
    }
}
