import Foundation
import RealtimeCore

/// The status bar: the microphone and push-to-talk first (they must never be cut off), then the last
/// turn's latency (speech end → first audio), the session's turns, tokens (GPT-Live: billed seconds and
/// context) and cost, and the theme.
enum StatusBarView {
    static func draw(_ model: ConsoleModel, in row: Rect, on canvas: inout Canvas) {
        let bar = CellStyle(.statusBar)
        let loud = bar.adding([.bold, .reverse])
        canvas.fill(row, style: bar)
        let g = model.glyphs
        var items: [StyledSpan] = []
        switch (model.audio.isLive, model.muted) {
        case (false, _): items.append(StyledSpan("mic off", bar))
        case (true, true): items.append(StyledSpan("MIC MUTED", loud))
        case (true, false): items.append(StyledSpan("mic on", bar))
        }
        switch model.pushToTalk.phase {
        case .off where model.call.api == .live: items.append(StyledSpan("full duplex", bar))
        case .off: items.append(StyledSpan("PTT off", bar))
        case .toggled, .deciding: items.append(StyledSpan("PTT \(g.bullet) talking: tap Space to send", loud))
        case .held: items.append(StyledSpan("PTT \(g.bullet) talking: release Space to send", loud))
        }
        if let turn = model.lastTurn, let latency = turn.latencyToFirstDelta {
            let ms = Format.milliseconds(latency)
            var text = "last turn \(ms) ms to first audio"
            if let audible = turn.latencyToFirstAudible { text += " (\(Format.milliseconds(audible)) ms audible)" }
            items.append(StyledSpan(text, ms >= 1000 ? bar.adding(.bold) : bar))
        } else {
            items.append(StyledSpan("no turn yet", bar))
        }
        let usage = model.totalUsage
        let cost = model.totalCost.map { " \(Format.dollars($0))" } ?? (usage.totalTokens > 0 ? " cost n/a" : "")
        var turns = "\(model.turnCount) turn\(model.turnCount == 1 ? "" : "s"), \(Format.count(usage.totalTokens)) tokens"
        var detail = usage.totalTokens > 0 ? " (\(Format.count(usage.inputTokens)) in, \(Format.count(usage.outputTokens)) out)" : ""
        if model.call.api == .live {
            turns = "\(model.turnCount) turn\(model.turnCount == 1 ? "" : "s"), \(model.liveSeconds ?? 0) s billed"
            detail = model.contextRatio.map { " (context \(Int(($0 * 100).rounded())) %)" } ?? ""
            if usage.totalTokens > 0 { detail += ", backend \(Format.count(usage.totalTokens)) tokens" }
        }
        let separator = " \(g.separator) "
        let used = items.reduce(1) { $0 + $1.width + DisplayWidth.of(separator) }
        let tokens = used + DisplayWidth.of(turns + detail + cost) <= row.width ? turns + detail + cost : turns + cost
        items.append(StyledSpan(tokens, bar))
        var spans: [StyledSpan] = [StyledSpan(" ", bar)]
        for (index, item) in items.enumerated() {
            if index > 0 { spans.append(StyledSpan(separator, bar)) }
            spans.append(item)
        }
        let theme = " theme \(model.call.themeName) "
        let width = canvas.write(spans, x: row.x, y: row.y, limit: row.width)
        if width + DisplayWidth.of(theme) < row.width {
            canvas.writeRightAligned(theme, endX: row.maxX, y: row.y, style: bar)
        }
    }
}
