import RealtimeCore

/// The top line: where the call goes, the model and protocol (GA, beta or GPT-Live), the connection, the session clock and the
/// time left before the server's session limit; and, on the simulator, a line that says so plainly.
enum HeaderView {
    /// Rows the header takes.
    static func height(_ model: ConsoleModel) -> Int { model.call.isLocalSimulator ? 2 : 1 }

    static func draw(_ model: ConsoleModel, in rect: Rect, on canvas: inout Canvas) {
        let row = rect.row(0)
        canvas.fill(row, style: CellStyle(.header))
        let right = rightSpans(model)
        let rightWidth = right.reduce(0) { $0 + $1.width }
        let start = row.maxX - rightWidth - 1
        canvas.write(right, x: max(row.x, start), y: row.y, limit: row.maxX - max(row.x, start))
        let call = model.call
        let confirmedModel = model.parameters.confirmed.model
        var modelSpans = [
            StyledSpan("\(model.glyphs.separator) ", .header), StyledSpan(confirmedModel.isEmpty ? call.model : confirmedModel, .headerAccent),
        ]
        if let shutdown = call.modelShutdown { modelSpans.append(StyledSpan(" ends \(shutdown)", .header, [.bold, .reverse])) }
        let protocolName = call.api == .live ? "GPT-Live" : call.dialect == .ga ? "GA" : "beta"
        modelSpans.append(StyledSpan(" \(protocolName) ", .header))
        let room = max(0, start - row.x - 1)
        let modelWidth = modelSpans.reduce(0) { $0 + $1.width }
        let brand = room >= modelWidth + 30 ? " rtconsole " : ""
        let endpointRoom = room - modelWidth - DisplayWidth.of(brand)
        let endpoint = endpointRoom >= 8 ? " \(fitted(call.endpointLabel, width: endpointRoom - 2, ellipsis: model.glyphs.ellipsis)) " : " "
        let left = [StyledSpan(brand, .headerAccent), StyledSpan(endpoint, .header)] + modelSpans
        canvas.write(left, x: row.x, y: row.y, limit: room)
        if call.isLocalSimulator, rect.height > 1 {
            let line = rect.row(1)
            canvas.fill(line, style: CellStyle(.simulator))
            let text = " " + simulatorBanner
            canvas.write(
                TextWrapper.truncate(text, width: line.width, ellipsis: model.glyphs.ellipsis), x: line.x, y: line.y,
                style: CellStyle(.simulator), limit: line.width)
        }
    }

    /// The second line on the local simulator (also in the message log, where it can be read in full).
    static let simulatorBanner =
        "Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --endpoint URL, to reach the real service."

    /// The endpoint label within `width` columns, shortened so that the host and port survive longest: first
    /// the URL's scheme goes, then its path, then the words before it ("custom server"), and only then is the
    /// host cut, from its start, so the port stays readable.
    static func fitted(_ label: String, width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(label) > width else { return label }
        var words = label.split(separator: " ").map(String.init)
        guard var address = words.popLast() else { return label }
        let kind = words.joined(separator: " ")
        func candidate() -> String { kind.isEmpty ? address : "\(kind) \(address)" }
        if let scheme = address.split(separator: "://", maxSplits: 1).dropFirst().first { address = String(scheme) }
        if DisplayWidth.of(candidate()) <= width { return candidate() }
        if let slash = address.firstIndex(of: "/") { address = String(address[..<slash]) }
        if DisplayWidth.of(candidate()) <= width { return candidate() }
        if DisplayWidth.of(address) <= width { return address }
        return ellipsis + String(address.suffix(max(0, width - DisplayWidth.of(ellipsis))))
    }

    private static func rightSpans(_ model: ConsoleModel) -> [StyledSpan] {
        let g = model.glyphs
        var spans: [StyledSpan]
        switch model.connection {
        case .connected: spans = [StyledSpan("\(g.bullet) connected", .header, .bold)]
        case .connecting: spans = [StyledSpan("\(g.bullet) connecting\(g.ellipsis)", .header)]
        case .reconnecting(let attempt): spans = [StyledSpan("\(g.bullet) reconnecting (\(attempt))", .header, .bold)]
        case .disconnected: spans = [StyledSpan("\(g.bullet) disconnected", .header)]
        case .closed: spans = [StyledSpan("\(g.bullet) closed", .header, .bold)]
        }
        guard let seconds = model.sessionSeconds, let left = model.sessionSecondsLeft else { return spans }
        spans.append(StyledSpan("  \(Format.clock(seconds))", .headerAccent))
        spans.append(StyledSpan(" \(g.separator) ", .header))
        spans.append(StyledSpan("\(Format.clock(left)) left", .header, left < 300 ? [.bold, .reverse] : []))
        return spans
    }
}
