/// The optional `response` object of `response.create`: per-response overrides.
public struct ResponseParameters: Sendable, Equatable {
    /// GA `output_modalities` / beta `modalities`.
    public var outputModalities: [String]?
    public var instructions: String?
    public var voice: String?
    public var outputFormat: AudioFormat?
    public var tools: [ToolDefinition]?
    public var toolChoice: ToolChoice?
    public var maxOutputTokens: MaxOutputTokens?
    /// Beta only.
    public var temperature: Double?
    /// `auto` (default) or `none` (out of band).
    public var conversation: String?
    /// Up to 16 string pairs, echoed back in the response.
    public var metadata: JSONValue?
    /// Items the response should see instead of the conversation.
    public var input: [ConversationItem]?
    /// Members this model does not know, kept as received.
    public var extra: JSONObject = [:]

    /// Creates response parameters.
    public init(outputModalities: [String]? = nil, instructions: String? = nil, metadata: JSONValue? = nil) {
        self.outputModalities = outputModalities
        self.instructions = instructions
        self.metadata = metadata
    }

    /// The wire JSON for a dialect.
    public func json(_ dialect: Dialect) -> JSONValue {
        var o: JSONObject = [:]
        if let outputModalities { o[dialect == .ga ? "output_modalities" : "modalities"] = .array(outputModalities.map(JSONValue.string)) }
        if let instructions { o["instructions"] = .string(instructions) }
        switch dialect {
        case .ga:
            if voice != nil || outputFormat != nil {
                var out: JSONObject = [:]
                if let outputFormat { out["format"] = outputFormat.json(.ga) }
                if let voice { out["voice"] = .string(voice) }
                o["audio"] = ["output": .object(out)]
            }
            if let maxOutputTokens { o["max_output_tokens"] = maxOutputTokens.json }
        case .beta:
            if let voice { o["voice"] = .string(voice) }
            if let outputFormat { o["output_audio_format"] = outputFormat.json(.beta) }
            if let temperature { o["temperature"] = .number(temperature) }
            if let maxOutputTokens { o["max_response_output_tokens"] = maxOutputTokens.json }
        }
        if let tools { o["tools"] = .array(tools.map(\.json)) }
        if let toolChoice { o["tool_choice"] = toolChoice.json }
        if let conversation { o["conversation"] = .string(conversation) }
        if let metadata { o["metadata"] = metadata }
        if let input { o["input"] = .array(input.map { $0.json(dialect) }) }
        for member in extra where o[member.key] == nil { o[member.key] = member.value }
        return .object(o)
    }

    static let knownKeys: Set<String> = [
        "output_modalities", "modalities", "instructions", "audio", "voice", "output_audio_format", "max_output_tokens",
        "max_response_output_tokens", "temperature", "tools", "tool_choice", "conversation", "metadata", "input",
    ]

    /// Reads response parameters in either dialect.
    public init(_ r: JSONReader) throws(ProtocolError) {
        let gaModalities = try r.optionalStrings("output_modalities")
        let betaModalities = try r.optionalStrings("modalities")
        outputModalities = gaModalities ?? betaModalities
        instructions = try r.optionalString("instructions")
        if let out = try r.optionalObject("audio")?.optionalObject("output") {
            voice = try out.optionalString("voice")
            outputFormat = try out.raw("format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "response.audio.output.format", eventType: r.eventType)
            }
        } else {
            voice = try r.optionalString("voice")
            outputFormat = try r.raw("output_audio_format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "response.output_audio_format", eventType: r.eventType)
            }
        }
        let tokens = r.raw("max_output_tokens") ?? r.raw("max_response_output_tokens")
        if let tokens, !tokens.isNull {
            maxOutputTokens = try MaxOutputTokens(json: tokens, reader: r, key: "max_output_tokens")
        }
        temperature = try r.optionalDouble("temperature")
        tools = try r.optionalArray("tools") { (t: JSONReader) throws(ProtocolError) in try ToolDefinition(t) }
        toolChoice = r.raw("tool_choice").map(ToolChoice.init(json:))
        conversation = try r.optionalString("conversation")
        metadata = r.raw("metadata").flatMap(JSONValue.nonNull)
        input = try r.optionalArray("input") { (i: JSONReader) throws(ProtocolError) in try ConversationItem(i) }
        var extra: JSONObject = [:]
        for member in r.object where !Self.knownKeys.contains(member.key) { extra[member.key] = member.value }
        self.extra = extra
    }
}
