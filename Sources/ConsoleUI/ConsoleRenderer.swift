/// Lays the console out and draws it into a canvas: a pure function of the model.
///
/// From 90 columns the transcript sits left of a column with the settings above the events; narrower, one
/// pane shows at a time under a tab strip and Tab switches. Below 60×20 the screen asks to be enlarged.
public enum ConsoleRenderer {
    /// From this width the panes sit side by side.
    public static let wideWidth = 90

    /// Renders a frame.
    ///
    /// - Returns: the canvas, and what the layout found out (for paging keys).
    public static func render(_ model: ConsoleModel) -> (canvas: Canvas, facts: LayoutFacts) {
        var cache = PaneCache()
        return render(model, cache: &cache)
    }

    /// Renders a frame, copying the panes in `cache` that have not changed since the frame that filled it
    /// (the result is the same as without a cache).
    ///
    /// - Returns: the canvas, and what the layout found out (for paging keys).
    public static func render(_ model: ConsoleModel, cache: inout PaneCache) -> (canvas: Canvas, facts: LayoutFacts) {
        var canvas = Canvas(width: model.width, height: model.height)
        var facts = LayoutFacts()
        guard !model.isTooSmall else {
            TooSmallView.draw(model, on: &canvas)
            return (canvas, facts)
        }
        let (header, afterHeader) = canvas.bounds.splitTop(HeaderView.height(model))
        HeaderView.draw(model, in: header, on: &canvas)
        let (upper, footer) = afterHeader.splitBottom(FooterView.height)
        let (aboveStatus, status) = upper.splitBottom(1)
        let (aboveMessage, message) = aboveStatus.splitBottom(1)
        let (body, meters) = aboveMessage.splitBottom(MeterView.height)
        facts.meters = meters
        FooterView.draw(model, in: footer, on: &canvas)
        StatusBarView.draw(model, in: status, on: &canvas)
        MeterView.draw(model, in: meters, on: &canvas)
        if model.width >= wideWidth {
            drawWide(model, body: body, on: &canvas, facts: &facts, cache: &cache)
        } else {
            drawNarrow(model, body: body, on: &canvas, facts: &facts, cache: &cache)
        }
        switch model.overlay {
        case .help(let scroll):
            HelpView.draw(model, scroll: scroll, in: canvas.bounds.splitBottom(FooterView.height).rest, on: &canvas, facts: &facts)
        case .messages(let scroll):
            MessagesView.draw(model, scroll: scroll, in: body, on: &canvas, facts: &facts)
        case .eventDetail(let rowID, let scroll):
            EventDetailView.draw(model, rowID: rowID, scroll: scroll, in: body, on: &canvas, facts: &facts)
        case nil:
            break
        }
        MessageLineView.draw(model, in: message, on: &canvas)
        return (canvas, facts)
    }

    /// Redraws only the meters into the last frame, when nothing but the levels changed since it was drawn
    /// (they change at every frame while someone speaks; a whole frame costs far more).
    ///
    /// - Parameters:
    ///   - model: the model; only its meters may differ from the one `canvas` was rendered from.
    ///   - canvas: the last frame.
    ///   - facts: what rendering that frame found out.
    /// - Returns: false when the meters are covered or the layout changed, so a whole frame is needed.
    public static func renderMeters(_ model: ConsoleModel, onto canvas: inout Canvas, facts: LayoutFacts) -> Bool {
        guard let meters = facts.meters, !model.isShowingHelp, !model.isTooSmall,
            canvas.width == model.width, canvas.height == model.height
        else { return false }
        canvas.fill(meters, style: CellStyle(.text))
        MeterView.draw(model, in: meters, on: &canvas)
        return true
    }

    private static func drawWide(
        _ model: ConsoleModel, body: Rect, on canvas: inout Canvas, facts: inout LayoutFacts,
        cache: inout PaneCache
    ) {
        let sideWidth = min(48, max(38, body.width * 2 / 5))
        let (left, side) = body.splitRight(sideWidth)
        drawTranscript(model, in: left, on: &canvas, facts: &facts)
        // The events keep two fifths of the column (at least seven rows); the settings list scrolls in the rest.
        let settingsHeight = min(SettingsView.preferredHeight, side.height - max(7, side.height * 2 / 5))
        if settingsHeight >= 8 {
            let (settings, events) = side.splitTop(settingsHeight)
            cache.drawSettings(model, in: settings, focused: model.focus == .settings, on: &canvas)
            EventsView.draw(model, in: events, focused: model.focus == .events, on: &canvas, facts: &facts)
        } else if model.focus == .events {
            EventsView.draw(model, in: side, focused: true, on: &canvas, facts: &facts)
        } else {
            cache.drawSettings(model, in: side, focused: model.focus == .settings, on: &canvas)
        }
    }

    private static func drawNarrow(
        _ model: ConsoleModel, body: Rect, on canvas: inout Canvas, facts: inout LayoutFacts,
        cache: inout PaneCache
    ) {
        let (tabs, pane) = body.splitTop(1)
        var x = tabs.x + 1
        for focus in Focus.allCases {
            let style = focus == model.focus ? CellStyle(.borderFocused, [.bold, .reverse]) : CellStyle(.muted)
            x += canvas.write(" \(focus.title) ", x: x, y: tabs.y, style: style)
            x += 1
        }
        canvas.write("Tab switches", x: x + 1, y: tabs.y, style: CellStyle(.muted), limit: tabs.maxX - x - 1)
        switch model.focus {
        case .transcript: drawTranscript(model, in: pane, on: &canvas, facts: &facts)
        case .settings: cache.drawSettings(model, in: pane, focused: true, on: &canvas)
        case .events: EventsView.draw(model, in: pane, focused: true, on: &canvas, facts: &facts)
        }
    }

    private static func drawTranscript(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas, facts: inout LayoutFacts) {
        let detail = model.transcriptScroll > 0 ? "scrolled back" : ""
        let inner = PaneFrame.draw(rect, title: "Transcript", detail: detail, focused: model.focus == .transcript, glyphs: model.glyphs, on: &canvas)
        TranscriptView.draw(model, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), on: &canvas, facts: &facts)
    }
}
