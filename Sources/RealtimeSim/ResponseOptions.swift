import RealtimeCore

/// The effective settings of one response: the session's, overridden by `response.create`'s `response` object.
struct ResponseOptions: Sendable {
    var outputModalities: [String]
    var voice: String
    var speed: Double
    var outputFormat: AudioFormat
    var maxOutputTokens: MaxOutputTokens
    var temperature: Double
    var instructions: String
    /// False for out-of-band responses (`conversation: "none"`): nothing is written to the conversation.
    var inConversation: Bool = true
    var metadata: JSONValue?
    /// Items the response sees instead of the conversation, when given.
    var input: [ConversationItem]?

    /// The session's settings, unchanged.
    init(settings: SessionSettings) {
        outputModalities = settings.outputModalities
        voice = settings.voice
        speed = settings.speed
        outputFormat = settings.outputFormat
        maxOutputTokens = settings.maxOutputTokens
        temperature = settings.temperature
        instructions = settings.instructions
    }

    /// Checks `response.create` parameters as the service does and applies them over the session's settings.
    ///
    /// - Parameters:
    ///   - parameters: the decoded `response` object.
    ///   - raw: the same object as received, to catch members of the other dialect and unknown ones.
    init(settings: SessionSettings, parameters: ResponseParameters, raw: JSONObject, dialect: Dialect) throws(Rejection) {
        self.init(settings: settings)
        let known: Set<String> =
            dialect == .ga
            ? [
                "output_modalities", "instructions", "audio", "tools", "tool_choice", "max_output_tokens", "conversation", "metadata", "input",
                "prompt",
                "reasoning", "parallel_tool_calls",
            ]
            : [
                "modalities", "instructions", "voice", "output_audio_format", "temperature", "max_response_output_tokens", "tools", "tool_choice",
                "conversation", "metadata", "input",
            ]
        for key in raw.keys where !known.contains(key) { throw Rejection(ServiceErrors.unknownParameter("response.\(key)")) }
        if dialect == .ga, let audio = raw["audio"]?.objectValue {
            for key in audio.keys where key != "output" { throw Rejection(ServiceErrors.unknownParameter("response.audio.\(key)")) }
            for key in audio["output"]?.objectValue?.keys ?? [] where key != "format" && key != "voice" {
                throw Rejection(ServiceErrors.unknownParameter("response.audio.output.\(key)"))
            }
        }
        let modalityPath = dialect == .ga ? "response.output_modalities" : "response.modalities"
        if let modalities = parameters.outputModalities {
            try SessionUpdateRules.checkModalities(modalities, path: modalityPath, dialect: dialect)
            outputModalities = modalities
        }
        if let voice = parameters.voice {
            try SessionUpdateRules.checkVoice(voice, path: dialect == .ga ? "response.audio.output.voice" : "response.voice", dialect: dialect)
            self.voice = voice
        }
        if let format = parameters.outputFormat { outputFormat = format }
        if let tokens = parameters.maxOutputTokens {
            try SessionUpdateRules.checkMaxTokens(tokens, path: dialect == .ga ? "response.max_output_tokens" : "response.max_response_output_tokens")
            maxOutputTokens = tokens
        }
        if let temperature = parameters.temperature {
            guard (0.6...1.2).contains(temperature) else {
                throw Rejection(ServiceErrors.outOfRange("response.temperature", temperature, in: 0.6...1.2))
            }
            self.temperature = temperature
        }
        if let instructions = parameters.instructions { self.instructions = instructions }
        switch parameters.conversation {
        case nil, "auto": inConversation = true
        case "none": inConversation = false
        case let other?: throw Rejection(ServiceErrors.invalidValue("response.conversation", other, supported: ["auto", "none"]))
        }
        if let metadata = parameters.metadata {
            guard let pairs = metadata.objectValue, pairs.count <= 16, pairs.allSatisfy({ $0.value.stringValue != nil }) else {
                throw Rejection(
                    ServiceErrors.invalidValue(
                        "response.metadata", message: "Invalid 'response.metadata': expected an object of at most 16 string values."))
            }
            self.metadata = metadata
        }
        input = parameters.input
    }

    /// True when the reply is spoken (otherwise it is text only).
    var speaksAudio: Bool { outputModalities.contains("audio") }
}
