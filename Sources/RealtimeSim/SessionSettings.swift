import RealtimeCore

/// A session's effective configuration: what `session.created` and `session.updated` report and what the
/// simulator obeys.
struct SessionSettings: Sendable, Equatable {
    /// Models the beta SDK accepts in a session object; other requested models (Azure deployment names) map to the last.
    static let betaModels = [
        "gpt-realtime", "gpt-realtime-2025-08-28", "gpt-4o-realtime-preview", "gpt-4o-realtime-preview-2024-10-01",
        "gpt-4o-realtime-preview-2024-12-17", "gpt-4o-mini-realtime-preview", "gpt-4o-mini-realtime-preview-2024-12-17",
        "gpt-4o-realtime-preview-2025-06-03",
    ]
    static let betaVoices = ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse"]
    static let gaVoices = betaVoices + ["marin", "cedar"]
    static let defaultInstructions =
        "You are the rtconsole simulator, a local stand-in for the OpenAI Realtime API. Your replies are scripted and deterministic."

    var model: String
    var instructions: String = Self.defaultInstructions
    /// GA `output_modalities` / beta `modalities`.
    var outputModalities: [String]
    var voice: String
    var speed: Double = 1.0
    /// Beta only.
    var temperature: Double = 0.8
    var inputFormat: AudioFormat = .pcm24k
    var outputFormat: AudioFormat = .pcm24k
    /// nil means manual turns.
    var turnDetection: TurnDetection? = .serverVAD(TurnDetection.ServerVAD(silenceDurationMs: 200))
    var transcription: TranscriptionSettings?
    var noiseReduction: NoiseReduction?
    /// GA noise-reduction strength, while noise reduction is on.
    var noiseReductionStrength: Double?
    var tools: [ToolDefinition] = []
    var toolChoice: ToolChoice = .auto
    var maxOutputTokens: MaxOutputTokens = .infinite
    /// Members echoed as given (`tracing`, `truncation`, `include`, `prompt`, …).
    var passthrough: JSONObject

    /// The service's defaults for a new session.
    init(dialect: Dialect, model: String) {
        switch dialect {
        case .ga:
            self.model = model
            outputModalities = ["audio"]
            voice = "marin"
            passthrough = ["tracing": nil, "truncation": "auto", "prompt": nil, "include": nil]
            // A reasoning model reports its default effort (low, as the service's model pages say).
            if ModelCatalog.model(model)?.reasons == true { passthrough["reasoning"] = ["effort": "low"] }
        case .beta:
            self.model = Self.betaModels.contains(model) ? model : Self.betaModels[Self.betaModels.count - 1]
            outputModalities = ["audio", "text"]
            voice = "alloy"
            passthrough = ["tracing": nil]
        }
    }

    /// The session object the service reports, with its id and expiry.
    func sessionObject(_ dialect: Dialect, id: String, expiresAt: Int) -> SessionObject {
        var session = SessionObject()
        session.type = dialect == .ga ? "realtime" : nil
        session.object = "realtime.session"
        session.id = id
        session.expiresAt = expiresAt
        session.model = model
        session.instructions = instructions
        session.outputModalities = outputModalities
        session.voice = voice
        session.speed = speed
        session.temperature = dialect == .beta ? temperature : nil
        session.inputFormat = inputFormat
        session.outputFormat = outputFormat
        session.turnDetection = Nullable(turnDetection)
        session.transcription = Nullable(transcription)
        session.noiseReduction = Nullable(noiseReduction)
        if dialect == .ga { session.noiseReductionStrength = noiseReductionStrength }
        session.tools = tools
        session.toolChoice = toolChoice
        session.maxOutputTokens = maxOutputTokens
        session.passthrough = passthrough
        return session
    }

    /// The session object as JSON, with `idle_timeout_ms: null` written out for GA server VAD as the service does.
    func sessionJSON(_ dialect: Dialect, id: String, expiresAt: Int) -> JSONValue {
        var json = sessionObject(dialect, id: id, expiresAt: expiresAt).json(dialect)
        if dialect == .ga, case .serverVAD(let vad)? = turnDetection, vad.idleTimeoutMs == nil,
            case .object(var root) = json, case .object(var audio)? = root["audio"], case .object(var input)? = audio["input"],
            case .object(var detection)? = input["turn_detection"]
        {
            var ordered = JSONObject()
            for member in detection {
                ordered[member.key] = member.value
                if member.key == "silence_duration_ms" { ordered["idle_timeout_ms"] = .null }
            }
            detection = ordered
            input["turn_detection"] = .object(detection)
            audio["input"] = .object(input)
            root["audio"] = .object(audio)
            json = .object(root)
        }
        return json
    }
}
