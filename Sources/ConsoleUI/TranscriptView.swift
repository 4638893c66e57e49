import Foundation
import RealtimeCore

/// The conversation, both sides: time, speaker, the text as it streams, tool calls, and replies that were
/// cut off (the heard part and a mark). Only the lines on screen are laid out, from the newest backwards.
enum TranscriptView {
    /// Columns before the text: `mm:ss ` and a five-column speaker label (two more for `h:mm:ss` after an hour).
    static let gutter = 11

    static func draw(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas, facts: inout LayoutFacts) {
        facts.transcriptRows = rect.height
        guard rect.width > gutter + 4, rect.height > 0 else { return }
        guard !model.entries.isEmpty else {
            drawHint(model, in: rect, on: &canvas)
            facts.transcriptMaxOffset = 0
            return
        }
        let needed = model.transcriptScroll + rect.height
        var lines: [[StyledSpan]] = []
        var reachedTop = true
        for entry in model.entries.reversed() {
            let entryLines = model.transcriptLines.lines(for: entry, width: rect.width, glyphs: model.glyphs) {
                self.lines(for: entry, model: model, width: rect.width)
            }
            lines.insert(contentsOf: entryLines, at: 0)
            if lines.count >= needed + 1 {
                reachedTop = false
                break
            }
        }
        if reachedTop { facts.transcriptMaxOffset = max(0, lines.count - rect.height) }
        let offset = min(model.transcriptScroll, max(0, lines.count - rect.height))
        let end = lines.count - offset
        let start = max(0, end - rect.height)
        for (row, line) in lines[start..<end].enumerated() {
            canvas.write(line, x: rect.x, y: rect.y + row, limit: rect.width)
        }
        if offset > 0 {
            let note = " \(offset) more line\(offset == 1 ? "" : "s") below; End follows "
            canvas.writeRightAligned(note, endX: rect.maxX, y: rect.maxY - 1, style: CellStyle(.info, .reverse))
        }
    }

    /// The wrapped lines of one entry.
    static func lines(for entry: ConversationEntry, model: ConsoleModel, width: Int) -> [[StyledSpan]] {
        let g = model.glyphs
        let time = Format.clock(Int(entry.createdAt.timeIntervalSince(model.startedAt)))
        let indent = gutter + time.count - 5
        let (label, role) = speaker(entry)
        let body = spans(for: entry, glyphs: g)
        let wrapped = TextWrapper.wrap(body, width: width - indent)
        var result: [[StyledSpan]] = []
        for (index, line) in (wrapped.isEmpty ? [[]] : wrapped).enumerated() {
            let prefix: [StyledSpan] =
                index == 0
                ? [StyledSpan("\(time) ", .muted), StyledSpan(label.padding(toLength: 5, withPad: " ", startingAt: 0), role, .bold)]
                : [StyledSpan(String(repeating: " ", count: indent), .text)]
            result.append(prefix + line)
        }
        return result
    }

    private static func speaker(_ entry: ConversationEntry) -> (String, StyleRole) {
        switch (entry.speaker, entry.kind) {
        case (_, .functionCall), (_, .functionOutput), (.tool, _): ("Tool", .tool)
        case (.user, _): ("You", .user)
        case (.assistant, _): ("AI", .assistant)
        case (.system, _): ("Sys", .muted)
        }
    }

    private static func spans(for entry: ConversationEntry, glyphs g: GlyphSet) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        if entry.fromHistory { spans.append(StyledSpan("(earlier) ", .muted)) }
        switch entry.kind {
        case .functionCall:
            spans.append(StyledSpan("\(entry.toolName ?? "function")(\(entry.text))", .tool))
            if entry.isPartial { spans.append(StyledSpan(g.ellipsis, .partial)) }
            return spans
        case .functionOutput:
            spans.append(StyledSpan("result: \(entry.text)", .tool))
            return spans
        case .message, .other:
            break
        }
        let role: StyleRole = entry.speaker == .user ? .user : entry.speaker == .assistant ? .assistant : .muted
        if entry.interrupted {
            let heard = entry.heardText ?? ""
            if !heard.isEmpty { spans.append(StyledSpan(heard + " ", role)) }
            let seconds = Double(entry.heardMilliseconds ?? 0) / 1000
            let mark =
                heard.isEmpty ? "\(g.cut) interrupted before any of it was heard" : String(format: "\(g.cut) interrupted after %.1f s", seconds)
            spans.append(StyledSpan(mark, .interrupted))
            return spans
        }
        if let failure = entry.failure {
            if !entry.text.isEmpty { spans.append(StyledSpan(entry.text + " ", role)) }
            spans.append(StyledSpan("✗ the reply failed: \(failure)", .error))
            return spans
        }
        if entry.transcriptionFailed, entry.text.isEmpty {
            spans.append(StyledSpan("(speech; its transcription failed)", .muted))
            return spans
        }
        if entry.text.isEmpty {
            let waiting = entry.speaker == .user ? "(transcribing\(g.ellipsis))" : "(\(g.ellipsis))"
            spans.append(StyledSpan(entry.isPartial ? waiting : "(no text)", .partial))
            return spans
        }
        spans.append(StyledSpan(entry.text, entry.isPartial ? .partial : role))
        if entry.isPartial { spans.append(StyledSpan(g.ellipsis, .partial)) }
        if let confidence = entry.transcriptConfidence { spans.append(StyledSpan(" (\(Int((confidence * 100).rounded())) % sure)", .muted)) }
        return spans
    }

    private static func drawHint(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas) {
        var hints = ["Nothing said yet.", "Speak, hold Space to talk, or press t to type a message."]
        if !model.audio.isLive { hints[1] = "Press t to type a message (the microphone is off)." }
        if model.call.isLocalSimulator { hints.append("The local simulator answers with synthetic speech and scripted text.") }
        let lines = hints.flatMap { TextWrapper.wrap([StyledSpan($0, .muted)], width: max(1, rect.width - 2)) }
        for (index, line) in lines.prefix(rect.height).enumerated() {
            canvas.write(line, x: rect.x + 1, y: rect.y + index, limit: rect.width - 2)
        }
    }
}
