/// The whole configuration of a realtime session, as the console and its panel see it.
///
/// One value serves both dialects: `sessionObject(for:)` encodes it, `update(from:dialect:voiceLocked:)`
/// turns a change into one `session.update` holding only what changed, leaving out what the dialect
/// lacks (temperature under GA) and saying why.
public struct SessionConfig: Sendable, Equatable {
    public var model: String = ModelCatalog.defaultRealtimeModel
    public var instructions: String = SessionConfig.defaultInstructions
    public var voice: String = "marin"
    /// Sampling temperature, 0.6…1.2. Only the beta dialect has it.
    public var temperature: Double = 0.8
    public var outputModality: OutputModality = .audio
    /// nil means manual turns (push-to-talk).
    public var turnDetection: TurnDetection? = .serverVAD(TurnDetection.ServerVAD())
    /// nil turns input transcription off.
    public var transcription: TranscriptionSettings? = TranscriptionSettings()
    public var noiseReduction: NoiseReduction?
    /// Speaking speed, 0.25…1.5.
    public var speed: Double = 1.0
    public var tools: [ToolDefinition] = []
    public var toolChoice: ToolChoice = .auto
    public var maxOutputTokens: MaxOutputTokens = .infinite
    /// How much a reasoning model thinks before it answers; nil leaves the model's default (nothing is sent).
    public var reasoningEffort: ReasoningEffort?
    /// Whether a reasoning model may call several tools at once; nil leaves the server's default.
    public var parallelToolCalls: Bool?
    /// How the server shortens a conversation that outgrows the context; nil leaves its default (auto).
    public var truncation: Truncation?
    /// Noise-reduction strength: higher suppresses more; nil leaves the server's (1 when first enabled).
    public var noiseReductionStrength: Double?
    /// True to have the input transcription's log-probabilities sent (shown as a confidence per user line).
    public var transcriptionLogprobs = false

    /// The `include` entry that asks for the input transcription's log-probabilities.
    public static let logprobsInclude = "item.input_audio_transcription.logprobs"

    /// The instructions used when none are given.
    public static let defaultInstructions =
        "You are a helpful, concise voice assistant. Speak naturally and keep answers short unless asked for detail."

    /// Creates the default configuration.
    public init() {}

    /// Valid ranges, as the service enforces them.
    public enum Range {
        public static let temperature: ClosedRange<Double> = 0.6...1.2
        public static let threshold: ClosedRange<Double> = 0...1
        public static let speed: ClosedRange<Double> = 0.25...1.5
        public static let paddingMs: ClosedRange<Int> = 0...10_000
        public static let silenceMs: ClosedRange<Int> = 0...10_000
        public static let idleTimeoutMs: ClosedRange<Int> = 5_000...30_000
        public static let maxOutputTokens: ClosedRange<Int> = 1...4096
    }

    /// Checks every value against the service's ranges for a dialect.
    public func validate(for dialect: Dialect) throws(ConfigError) {
        if !Range.temperature.contains(temperature) {
            throw ConfigError(field: "temperature", message: "\(temperature) is outside 0.6…1.2; choose a value in that range (default 0.8)")
        }
        if !Range.speed.contains(speed) {
            throw ConfigError(field: "speed", message: "\(speed) is outside 0.25…1.5; choose a value in that range (default 1.0)")
        }
        if !Voice.isValid(voice, for: dialect) {
            throw ConfigError(
                field: "voice",
                message:
                    "'\(voice)' is not a \(dialect == .ga ? "GA" : "beta") voice; choose one of \(Voice.all(for: dialect).joined(separator: ", "))")
        }
        if case .limit(let n) = maxOutputTokens, !Range.maxOutputTokens.contains(n) {
            throw ConfigError(field: "max_output_tokens", message: "\(n) is outside 1…4096; give a number in that range or inf")
        }
        if let reasoningEffort { try Self.validate(reasoningEffort, model: model, dialect: dialect) }
        try validateNewFields(for: dialect)
        if case .serverVAD(let v) = turnDetection {
            if !Range.threshold.contains(v.threshold) {
                throw ConfigError(
                    field: "turn_detection.threshold", message: "\(v.threshold) is outside 0…1; higher needs louder speech (default 0.5)")
            }
            if !Range.paddingMs.contains(v.prefixPaddingMs) {
                throw ConfigError(field: "turn_detection.prefix_padding_ms", message: "\(v.prefixPaddingMs) ms is outside 0…10000 ms (default 300)")
            }
            if !Range.silenceMs.contains(v.silenceDurationMs) {
                throw ConfigError(
                    field: "turn_detection.silence_duration_ms", message: "\(v.silenceDurationMs) ms is outside 0…10000 ms (default 500)")
            }
            if let idle = v.idleTimeoutMs, !Range.idleTimeoutMs.contains(idle) {
                throw ConfigError(field: "turn_detection.idle_timeout_ms", message: "\(idle) ms is outside 5000…30000 ms; leave it unset to disable")
            }
        }
    }

    /// The full session object for a dialect (what is sent after connecting).
    public func sessionObject(for dialect: Dialect) -> SessionObject {
        var s = SessionObject()
        if dialect == .ga { s.type = "realtime" }
        s.model = model
        s.instructions = instructions
        s.outputModalities = outputModality.wireList(dialect)
        s.voice = voice
        s.speed = speed
        if dialect == .beta { s.temperature = temperature }
        s.inputFormat = .pcm24k
        s.outputFormat = .pcm24k
        s.turnDetection = Nullable(turnDetection)
        s.transcription = Nullable(transcription)
        s.noiseReduction = Nullable(noiseReduction)
        s.tools = tools
        s.toolChoice = toolChoice
        s.maxOutputTokens = maxOutputTokens
        s.noiseReductionStrength = noiseReduction == nil ? nil : noiseReductionStrength
        if dialect == .ga { for member in gaExtras { s.passthrough[member.key] = member.value } }
        return s
    }

    /// The GA-only top-level fields that are set: `reasoning`, `parallel_tool_calls`, `truncation`, `include`.
    var gaExtras: JSONObject {
        var o: JSONObject = [:]
        if let reasoningEffort { o["reasoning"] = ["effort": .string(reasoningEffort.rawValue)] }
        if let parallelToolCalls { o["parallel_tool_calls"] = .bool(parallelToolCalls) }
        if let truncation { o["truncation"] = truncation.json }
        if transcriptionLogprobs { o["include"] = [.string(Self.logprobsInclude)] }
        return o
    }

    /// A setting that was changed but will not be sent, and why.
    public struct Skipped: Sendable, Equatable, CustomStringConvertible {
        /// The setting (`temperature`, `voice`, `model`).
        public var field: String
        /// Why it is not sent.
        public var reason: String

        public var description: String { "\(field): \(reason)" }
    }

    /// The `session.update` that moves a live session from `old` to this configuration.
    public struct Update: Sendable, Equatable {
        /// The partial session to send, or nil when nothing sendable changed.
        public var session: SessionObject?
        /// Changes that are not sent, with the reason.
        public var skipped: [Skipped]
    }

    /// Computes one update holding only what changed since `old`.
    ///
    /// - Parameters:
    ///   - old: the configuration the server has now.
    ///   - dialect: the connection's dialect; fields it lacks are skipped with a reason.
    ///   - voiceLocked: true once the session has produced assistant audio; a voice change is then refused.
    public func update(from old: SessionConfig, dialect: Dialect, voiceLocked: Bool) -> Update {
        var s = SessionObject()
        var skipped: [Skipped] = []
        if model != old.model {
            skipped.append(Skipped(field: "model", reason: ConfigurationLedger.modelLockedReason))
        }
        if instructions != old.instructions { s.instructions = instructions }
        if outputModality != old.outputModality { s.outputModalities = outputModality.wireList(dialect) }
        if voice != old.voice {
            if voiceLocked {
                skipped.append(Skipped(field: "voice", reason: ConfigurationLedger.voiceLockedReason))
            } else {
                s.voice = voice
            }
        }
        if speed != old.speed { s.speed = speed }
        if temperature != old.temperature {
            if dialect == .beta {
                s.temperature = temperature
            } else {
                skipped.append(Skipped(field: "temperature", reason: ConfigurationLedger.temperatureUnderGAReason))
            }
        }
        if turnDetection != old.turnDetection { s.turnDetection = Nullable(turnDetection) }
        if transcription != old.transcription { s.transcription = Nullable(transcription) }
        if noiseReduction != old.noiseReduction { s.noiseReduction = Nullable(noiseReduction) }
        if tools != old.tools { s.tools = tools }
        if toolChoice != old.toolChoice { s.toolChoice = toolChoice }
        if maxOutputTokens != old.maxOutputTokens { s.maxOutputTokens = maxOutputTokens }
        if noiseReductionStrength != old.noiseReductionStrength, noiseReduction != nil {
            s.noiseReduction = Nullable(noiseReduction)
            s.noiseReductionStrength = noiseReductionStrength
        }
        let extras = gaExtras
        let oldExtras = old.gaExtras
        for key in ["reasoning", "parallel_tool_calls", "truncation", "include"] where extras[key] != oldExtras[key] {
            guard dialect == .ga else {
                skipped.append(Skipped(field: key, reason: "the beta dialect has no such field; it is sent only to GA servers"))
                continue
            }
            // A field that was set and is now unset goes back to the server's default.
            s.passthrough[key] = extras[key] ?? Self.serverDefaults[key] ?? .null
        }
        if s.isEmpty { return Update(session: nil, skipped: skipped) }
        if dialect == .ga { s.type = "realtime" }
        return Update(session: s, skipped: skipped)
    }

    /// Applies what a server reports (`session.created` / `session.updated`) onto this configuration.
    public mutating func apply(_ s: SessionObject) {
        if let v = s.model { model = v }
        if let v = s.instructions { instructions = v }
        if let v = s.outputModalities { outputModality = OutputModality(wireList: v) }
        if let v = s.voice { voice = v }
        if let v = s.speed { speed = v }
        if let v = s.temperature { temperature = v }
        if let v = s.turnDetection { turnDetection = v.value }
        if let v = s.transcription { transcription = v.value }
        if let v = s.noiseReduction { noiseReduction = v.value }
        if let v = s.tools { tools = v }
        if let v = s.toolChoice { toolChoice = v }
        if let v = s.maxOutputTokens { maxOutputTokens = v }
        if let effort = s.passthrough["reasoning"]?["effort"]?.stringValue.flatMap(ReasoningEffort.init(rawValue:)) { reasoningEffort = effort }
        if let parallel = s.passthrough["parallel_tool_calls"]?.boolValue { parallelToolCalls = parallel }
        if let value = s.passthrough["truncation"], let mode = Truncation(json: value) { truncation = mode }
        if let include = s.passthrough["include"] { transcriptionLogprobs = include.arrayValue?.contains(.string(Self.logprobsInclude)) ?? false }
        if let strength = s.noiseReductionStrength { noiseReductionStrength = strength }
    }
}
