/// A response as the server reports it in `response.created` and `response.done`.
public struct ResponseObject: Sendable, Equatable {
    /// A response's lifecycle state.
    public enum Status: String, Sendable, Equatable {
        case inProgress = "in_progress"
        case completed, cancelled, failed, incomplete
    }

    public var id: String
    public var status: Status
    /// Why it ended as it did: `{type, reason, error}` (`turn_detected`, `client_cancelled`, `max_output_tokens`, …).
    public var statusDetails: JSONValue?
    public var output: [ConversationItem]
    public var conversationID: String?
    /// GA `output_modalities` / beta `modalities`.
    public var modalities: [String]?
    public var voice: String?
    public var outputFormat: AudioFormat?
    public var maxOutputTokens: MaxOutputTokens?
    /// Beta only.
    public var temperature: Double?
    public var usage: Usage?
    public var metadata: JSONValue?

    /// Creates a response object.
    public init(
        id: String, status: Status, statusDetails: JSONValue? = nil, output: [ConversationItem] = [], conversationID: String? = nil,
        modalities: [String]? = nil, voice: String? = nil, outputFormat: AudioFormat? = nil, maxOutputTokens: MaxOutputTokens? = nil,
        temperature: Double? = nil, usage: Usage? = nil, metadata: JSONValue? = nil
    ) {
        self.id = id
        self.status = status
        self.statusDetails = statusDetails
        self.output = output
        self.conversationID = conversationID
        self.modalities = modalities
        self.voice = voice
        self.outputFormat = outputFormat
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.usage = usage
        self.metadata = metadata
    }

    /// The `status_details.reason`, if any.
    public var statusReason: String? { statusDetails?["reason"]?.stringValue }

    /// The wire JSON for a dialect.
    public func json(_ dialect: Dialect) -> JSONValue {
        var o: JSONObject = ["object": "realtime.response", "id": .string(id), "status": .string(status.rawValue)]
        o["status_details"] = statusDetails ?? .null
        o["output"] = .array(output.map { $0.json(dialect, includeObject: true) })
        switch dialect {
        case .ga:
            o["conversation_id"] = .optionalString(conversationID)
            if let modalities { o["output_modalities"] = .array(modalities.map(JSONValue.string)) }
            if voice != nil || outputFormat != nil {
                var out: JSONObject = [:]
                if let outputFormat { out["format"] = outputFormat.json(.ga) }
                if let voice { out["voice"] = .string(voice) }
                o["audio"] = ["output": .object(out)]
            }
            if let maxOutputTokens { o["max_output_tokens"] = maxOutputTokens.json }
        case .beta:
            o["conversation_id"] = .optionalString(conversationID)
            if let modalities { o["modalities"] = .array(modalities.map(JSONValue.string)) }
            if let voice { o["voice"] = .string(voice) }
            if let outputFormat { o["output_audio_format"] = outputFormat.json(.beta) }
            if let temperature { o["temperature"] = .number(temperature) }
            if let maxOutputTokens { o["max_output_tokens"] = maxOutputTokens.json }
        }
        o["usage"] = usage?.json ?? .null
        o["metadata"] = metadata ?? .null
        return .object(o)
    }

    /// Reads a response object in either dialect.
    public init(_ r: JSONReader) throws(ProtocolError) {
        id = try r.optionalString("id") ?? ""
        let statusName = try r.optionalString("status") ?? "in_progress"
        guard let status = Status(rawValue: statusName) else { throw r.invalid("status", "'\(statusName)' is not a response status") }
        self.status = status
        statusDetails = r.raw("status_details").flatMap(JSONValue.nonNull)
        output = try r.optionalArray("output") { (item: JSONReader) throws(ProtocolError) in try ConversationItem(item) } ?? []
        conversationID = try r.optionalString("conversation_id")
        let gaModalities = try r.optionalStrings("output_modalities")
        let betaModalities = try r.optionalStrings("modalities")
        modalities = gaModalities ?? betaModalities
        if let audioOut = try r.optionalObject("audio")?.optionalObject("output") {
            voice = try audioOut.optionalString("voice")
            outputFormat = try audioOut.raw("format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "response.audio.output.format", eventType: r.eventType)
            }
        } else {
            voice = try r.optionalString("voice")
            outputFormat = try r.raw("output_audio_format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "response.output_audio_format", eventType: r.eventType)
            }
        }
        if let tokens = r.raw("max_output_tokens"), !tokens.isNull {
            maxOutputTokens = try MaxOutputTokens(json: tokens, reader: r, key: "max_output_tokens")
        } else {
            maxOutputTokens = nil
        }
        temperature = try r.optionalDouble("temperature")
        usage = try r.optionalObject("usage").map { (u: JSONReader) throws(ProtocolError) in try Usage(u) }
        metadata = r.raw("metadata").flatMap(JSONValue.nonNull)
    }
}
