import Foundation
import RealtimeCore

/// Two lines of meters: the microphone (bar, dBFS, peak hold) and the speaker; then the VAD state (the
/// server's events, the local estimate, the countdown to the end of the turn) and a timeline of who spoke
/// with a mark at each barge-in.
enum MeterView {
    static let height = 2

    static func draw(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 2 else { return }
        drawLevels(model, in: rect.row(0), on: &canvas)
        drawActivity(model, in: rect.row(1), on: &canvas)
    }

    private static func drawLevels(_ model: ConsoleModel, in row: Rect, on canvas: inout Canvas) {
        let g = model.glyphs
        guard model.audio.isLive else {
            let reason: String
            switch model.audio {
            case .off(let text): reason = "Audio off: \(text). Text mode: press t to type."
            case .interrupted(let text): reason = "Audio interrupted: \(text); retrying\(g.ellipsis)"
            case .speakerOnly(let text): reason = "Microphone off (replies still play; t types): \(text)"
            case .live: reason = ""
            }
            canvas.write(
                TextWrapper.truncate(" " + reason, width: row.width, ellipsis: g.ellipsis), x: row.x, y: row.y,
                style: CellStyle(.warning), limit: row.width)
            return
        }
        let barWidth = max(8, min(30, (row.width - 44) / 2))
        var x = row.x
        x += canvas.write(" Mic ", x: x, y: row.y, style: CellStyle(.title))
        let meters = model.meters
        x += drawBar(level: meters.inputDBFS, peak: meters.inputPeakDBFS, width: barWidth, glyphs: g, x: x, y: row.y, on: &canvas)
        let input = meters.inputDBFS.map { " " + Format.fixed($0, decimals: 1, width: 5) + " dBFS" } ?? "   — dBFS"
        x += canvas.write(input, x: x, y: row.y, style: CellStyle(.value))
        if model.muted {
            x += canvas.write("  MUTED", x: x, y: row.y, style: CellStyle(.warning, .reverse))
        }
        x += canvas.write("   Out ", x: x, y: row.y, style: CellStyle(.title))
        x += drawBar(level: meters.outputDBFS, peak: nil, width: barWidth, glyphs: g, x: x, y: row.y, on: &canvas)
        let output =
            meters.outputDBFS.map { $0 <= MeterState.floorDBFS ? " silent" : " " + Format.fixed($0, decimals: 1, width: 5) + " dBFS" } ?? " silent"
        x += canvas.write(output, x: x, y: row.y, style: CellStyle(.value), limit: row.maxX - x)
        if model.volume != 1 {
            canvas.write("  vol \(Int((model.volume * 100).rounded()))%", x: x, y: row.y, style: CellStyle(.warning), limit: row.maxX - x)
        }
    }

    /// Draws a meter `width` cells wide with eighth-cell resolution.
    ///
    /// - Returns: the columns used.
    private static func drawBar(level: Double?, peak: Double?, width: Int, glyphs g: GlyphSet, x: Int, y: Int, on canvas: inout Canvas) -> Int {
        let fraction = MeterState.fraction(level ?? MeterState.floorDBFS)
        let eighths = Int((fraction * Double(width * 8)).rounded())
        let peakCell = peak.map { min(width - 1, Int(MeterState.fraction($0) * Double(width))) }
        for cell in 0..<width {
            let filled = min(8, max(0, eighths - cell * 8))
            let position = Double(cell) / Double(width)
            let role: StyleRole = position >= 0.9 ? .meterHigh : position >= 0.75 ? .meterMid : .meterLow
            if filled > 0 {
                canvas.write(g.eighths[filled - 1], x: x + cell, y: y, style: CellStyle(role))
            } else if cell == peakCell, (peak ?? MeterState.floorDBFS) > MeterState.floorDBFS {
                canvas.write(g.peak, x: x + cell, y: y, style: CellStyle(.meterPeak))
            } else {
                canvas.write(g.meterTrack, x: x + cell, y: y, style: CellStyle(.meterTrack))
            }
        }
        return width
    }

    private static func drawActivity(_ model: ConsoleModel, in row: Rect, on canvas: inout Canvas) {
        let g = model.glyphs
        let stripStart = row.x + max(30, row.width / 2)
        canvas.write(
            [StyledSpan(model.call.api == .live ? " Turn " : " VAD ", .title)] + vadSpans(model), x: row.x, y: row.y, limit: stripStart - row.x - 1)
        let label = "Timeline "
        let stripWidth = row.maxX - stripStart - DisplayWidth.of(label) - 1
        guard stripWidth >= 8 else { return }
        canvas.write(label, x: stripStart, y: row.y, style: CellStyle(.title))
        var column = stripStart + DisplayWidth.of(label)
        let slots = model.timeline.slots.suffix(stripWidth)
        column += stripWidth - slots.count
        for slot in slots {
            let (glyph, role): (String, StyleRole)
            if slot.contains(.bargeIn) {
                (glyph, role) = (g.cut, .bargeIn)
            } else if slot.contains(.user), slot.contains(.assistant) {
                (glyph, role) = (g.bothSlot, .warning)
            } else if slot.contains(.user) {
                (glyph, role) = (g.userSlot, .user)
            } else if slot.contains(.assistant) {
                (glyph, role) = (g.assistantSlot, .assistant)
            } else {
                (glyph, role) = (g.emptySlot, .meterTrack)
            }
            canvas.write(glyph, x: column, y: row.y, style: CellStyle(role))
            column += 1
        }
    }

    /// The VAD state: manual, the server's view, the local estimate, or the countdown to the end of the turn.
    /// On GPT-Live, who is speaking as the transcripts tell (the protocol has no VAD events).
    static func vadSpans(_ model: ConsoleModel) -> [StyledSpan] {
        let g = model.glyphs
        if model.call.api == .live { return liveTurnSpans(model) }
        let detection = model.parameters.confirmed.turnDetection
        guard let detection else {
            return model.pushToTalk.isTalking
                ? [StyledSpan("\(g.bullet) talking (push-to-talk)", .speaking)]
                : [StyledSpan("manual turns: hold or tap Space to talk", .muted)]
        }
        let kind = if case .semanticVAD = detection { "semantic" } else { "server" }
        if model.userSpeaking {
            var spans = [StyledSpan("\(g.bullet) speaking (\(kind) VAD)", .speaking)]
            if let left = model.endOfTurnCountdown {
                spans.append(StyledSpan("  silence: turn ends in " + Format.fixed(left, decimals: 1) + " s", .warning))
            }
            return spans
        }
        if model.meters.localSpeech, model.audio.isLive {
            return [StyledSpan("speech? (local estimate; the \(kind) VAD has not started)", .info)]
        }
        if model.assistantResponding { return [StyledSpan("idle (assistant answering)", .muted)] }
        return [StyledSpan("idle", .muted)]
    }

    /// Who is speaking on a GPT-Live call, from the transcripts.
    static func liveTurnSpans(_ model: ConsoleModel) -> [StyledSpan] {
        let g = model.glyphs
        if model.userSpeaking { return [StyledSpan("\(g.bullet) you are speaking (your words are coming)", .speaking)] }
        if model.assistantResponding { return [StyledSpan("\(g.bullet) the assistant is speaking (its words are coming)", .speaking)] }
        if model.meters.localSpeech, model.audio.isLive {
            return [StyledSpan("speech? (local estimate; no words transcribed yet)", .info)]
        }
        return [StyledSpan("listening (the model takes turns by itself)", .muted)]
    }
}
