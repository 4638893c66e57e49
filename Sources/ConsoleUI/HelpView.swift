/// The `?` overlay: every key, by where it works.
enum HelpView {
    static func draw(_ model: ConsoleModel, in area: Rect, on canvas: inout Canvas) {
        var lines: [[StyledSpan]] = []
        let keyWidth = 14
        func section(_ title: String, _ bindings: [KeyHelp.Binding]) {
            lines.append([StyledSpan(title, .title)])
            for binding in bindings {
                let keys = binding.keys + String(repeating: " ", count: max(1, keyWidth - DisplayWidth.of(binding.keys)))
                lines.append([StyledSpan("  " + keys, .key), StyledSpan(binding.long, .overlay)])
            }
        }
        section("Everywhere", KeyHelp.global(for: model.call.api) + [KeyHelp.reconnect, KeyHelp.pane(.transcript)[0]])
        section("Transcript", Array(KeyHelp.pane(.transcript).dropFirst()))
        section("Settings", Array(KeyHelp.pane(.settings).dropFirst()))
        section("Events", Array(KeyHelp.pane(.events).dropFirst()))
        let g = model.glyphs
        lines.append([
            StyledSpan("Timeline", .title),
            StyledSpan(" (0.5 s a cell): \(g.userSlot) you  \(g.assistantSlot) assistant  \(g.bothSlot) both  \(g.cut) barge-in", .overlay),
        ])
        lines.append([StyledSpan("Theme \(model.call.themeName); `rtconsole themes` lists the others. Any key closes this help.", .muted)])
        let width = min(area.width, max(60, lines.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0) + 4)
        let height = min(area.height, lines.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        canvas.fill(box, style: CellStyle(.overlay))
        let inner = PaneFrame.draw(box, title: "Keys", focused: true, glyphs: model.glyphs, on: &canvas)
        for (index, line) in lines.prefix(inner.height).enumerated() {
            canvas.write(line, x: inner.x + 1, y: inner.y + index, limit: inner.width - 1)
        }
    }
}
