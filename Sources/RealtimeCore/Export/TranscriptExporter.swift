import Foundation

/// Renders a session record as JSON, Markdown, plain text, SRT or WebVTT.
public enum TranscriptExporter {
    /// The record in a format.
    public static func render(_ record: SessionRecord, as format: TranscriptFormat) -> String {
        switch format {
        case .json: json(record)
        case .md: markdown(record)
        case .txt: text(record)
        case .srt: subtitles(record, webVTT: false)
        case .vtt: subtitles(record, webVTT: true)
        }
    }

    /// Writes the record atomically; JSON (the autosave format) goes to the file a piece at a time.
    public static func write(_ record: SessionRecord, as format: TranscriptFormat, to url: URL) throws(ExportError) {
        guard format == .json else {
            try AtomicFile.write(SecretRedactor.shared.redact(render(record, as: format)), to: url)
            return
        }
        try AtomicFile.write(to: url) { (output: inout BufferedFileOutput) throws(ExportError) in
            var redacting = RedactingSink(base: consume output, redactor: .shared)
            defer { output = redacting.base }
            try record.writeJSON(to: &redacting)
            try redacting.write("\n")
        }
    }

    static func json(_ record: SessionRecord) -> String {
        var text = ""
        record.writeJSON(to: &text)
        return text + "\n"
    }

    static func speakerName(_ e: ConversationEntry) -> String {
        switch (e.speaker, e.kind) {
        case (_, .functionCall): "Tool call"
        case (_, .functionOutput): "Tool result"
        case (.user, _): "User"
        case (.assistant, _): "Assistant"
        case (.system, _): "System"
        case (.tool, _): "Tool"
        }
    }

    static func line(_ e: ConversationEntry) -> String {
        var text = e.recordText
        if e.kind == .functionCall { text = "\(e.toolName ?? "function")(\(e.text))" }
        if e.interrupted { text += text.isEmpty ? "[interrupted before any audio]" : " [interrupted]" }
        if let failure = e.failure { text += (text.isEmpty ? "" : " ") + "[failed: \(failure)]" }
        if e.transcriptionFailed, text.isEmpty { text = "[speech, transcription failed]" }
        return text
    }

    static func clock(_ date: Date, from start: Date) -> String {
        let t = max(0, Int(date.timeIntervalSince(start)))
        return String(format: "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
    }

    static func markdown(_ r: SessionRecord) -> String {
        var out = "# rtconsole session\n\n"
        out +=
            "- Started: \(r.startedAt.formatted(.iso8601))\n- Endpoint: \(r.endpoint) (\(r.api == .live ? "GPT-Live" : r.dialect.rawValue))\n- Model: \(r.config.model), voice \(r.config.voice)\n"
        if r.api == .live {
            out += "- Session time: \(r.liveSeconds ?? 0) s billed (GPT-Live bills per second)"
        } else {
            out += "- Tokens: \(r.usage.inputTokens) in, \(r.usage.outputTokens) out"
        }
        if let cost = r.cost { out += String(format: "; cost $%.4f", cost) }
        out += "\n\n## Conversation\n\n"
        for e in r.entries {
            out += "**\(speakerName(e))** _\(clock(e.createdAt, from: r.startedAt))_: \(line(e))\n\n"
        }
        if !r.configChanges.isEmpty {
            out += "## Configuration changes\n\n"
            for c in r.configChanges { out += "- \(clock(c.time, from: r.startedAt)) \(c.description)\n" }
            out += "\n"
        }
        if !r.turns.isEmpty {
            out += "## Turns\n\n| response | status | first audio | tokens in/out | cost |\n|---|---|---|---|---|\n"
            for t in r.turns {
                let latency =
                    t.latencyToFirstDelta.map { "\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) ms" } ?? "–"
                let cost = t.cost.map { String(format: "$%.4f", $0) } ?? "–"
                out +=
                    "| \(t.responseID) | \(t.status)\(t.statusReason.map { " (\($0))" } ?? "") | \(latency) | \(t.usage.map { "\($0.inputTokens)/\($0.outputTokens)" } ?? "–") | \(cost) |\n"
            }
        }
        return out
    }

    static func text(_ r: SessionRecord) -> String {
        r.entries.map { "[\(clock($0.createdAt, from: r.startedAt))] \(speakerName($0)): \(line($0))" }.joined(separator: "\n") + "\n"
    }

    static func subtitles(_ r: SessionRecord, webVTT: Bool) -> String {
        var out = webVTT ? "WEBVTT\n\n" : ""
        let spoken = r.entries.filter { $0.kind == .message && !line($0).isEmpty }
        for (i, e) in spoken.enumerated() {
            let start = max(0, e.createdAt.timeIntervalSince(r.startedAt))
            let spokenSeconds = Double(e.heardMilliseconds ?? e.audioMilliseconds) / 1000
            var end = start + max(spokenSeconds, Double(line(e).count) / 15, 1)
            if i + 1 < spoken.count { end = min(end, max(start + 0.5, spoken[i + 1].createdAt.timeIntervalSince(r.startedAt))) }
            if !webVTT { out += "\(i + 1)\n" }
            out += "\(timestamp(start, webVTT)) --> \(timestamp(end, webVTT))\n\(speakerName(e)): \(line(e))\n\n"
        }
        return out
    }

    static func timestamp(_ seconds: Double, _ webVTT: Bool) -> String {
        let ms = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d%@%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, webVTT ? "." : ",", ms % 1000)
    }
}
