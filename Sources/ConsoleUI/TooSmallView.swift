/// What the console shows when the terminal is smaller than it can use.
enum TooSmallView {
    static func draw(_ model: ConsoleModel, on canvas: inout Canvas) {
        let minimum = ConsoleModel.minimumSize
        let lines = [
            "Terminal too small: \(model.width)×\(model.height).",
            "Enlarge it to at least \(minimum.width)×\(minimum.height).",
            "The call goes on; q quits.",
        ]
        let top = max(0, (canvas.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < canvas.height {
            let text = TextWrapper.truncate(line, width: canvas.width, ellipsis: model.glyphs.ellipsis)
            let x = max(0, (canvas.width - DisplayWidth.of(text)) / 2)
            canvas.write(text, x: x, y: top + index, style: CellStyle(index == 0 ? .warning : .text))
        }
    }
}
