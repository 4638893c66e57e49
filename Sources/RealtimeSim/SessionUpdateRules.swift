import RealtimeCore

/// Checks a `session.update` as the service does and applies it all or not at all.
enum SessionUpdateRules {
    /// Returns the settings after the update, or throws the first problem found (the settings stay as they were).
    ///
    /// - Parameters:
    ///   - update: the decoded session object.
    ///   - raw: the same object as received, to catch members the typed model drops or does not know.
    ///   - settings: the current settings.
    ///   - dialect: the connection's dialect.
    ///   - voiceLocked: true once the session has produced audio.
    static func apply(_ update: SessionObject, raw: JSONObject, to settings: SessionSettings, dialect: Dialect, voiceLocked: Bool)
        throws(Rejection) -> SessionSettings
    {
        let paths = Paths(dialect)
        if dialect == .ga {
            guard let type = update.type else { throw Rejection(ServiceErrors.missingParameter("session.type")) }
            if let path = unknownPaths(update, raw: raw, dialect: dialect).first { throw Rejection(ServiceErrors.unknownParameter(path)) }
            guard type == "realtime" else {
                throw Rejection(
                    ServiceErrors.invalidValue(
                        "session.type", message: "Invalid value: '\(type)'. This session is a 'realtime' session and its type cannot be changed."))
            }
        } else if let path = unknownPaths(update, raw: raw, dialect: dialect).first {
            throw Rejection(ServiceErrors.unknownParameter(path))
        }
        var next = settings
        if let model = update.model, model != settings.model {
            throw Rejection(
                ServiceErrors.invalidValue("session.model", message: "The session's model cannot be changed (it is '\(settings.model)')."))
        }
        if let instructions = update.instructions { next.instructions = instructions }
        if let modalities = update.outputModalities {
            try checkModalities(modalities, path: paths.modalities, dialect: dialect)
            next.outputModalities = modalities
        }
        if let voice = update.voice {
            try checkVoice(voice, path: paths.voice, dialect: dialect)
            if voice != settings.voice, voiceLocked { throw Rejection(ServiceErrors.cannotUpdateVoice(path: paths.voice)) }
            next.voice = voice
        }
        if let speed = update.speed {
            guard (0.25...1.5).contains(speed) else { throw Rejection(ServiceErrors.outOfRange(paths.speed, speed, in: 0.25...1.5)) }
            next.speed = speed
        }
        if let temperature = update.temperature {
            guard (0.6...1.2).contains(temperature) else {
                throw Rejection(ServiceErrors.outOfRange("session.temperature", temperature, in: 0.6...1.2))
            }
            next.temperature = temperature
        }
        if let format = update.inputFormat {
            try checkFormat(format, path: paths.inputFormat)
            next.inputFormat = format
        }
        if let format = update.outputFormat {
            try checkFormat(format, path: paths.outputFormat)
            next.outputFormat = format
        }
        if let detection = update.turnDetection {
            if let value = detection.value { try checkTurnDetection(value, path: paths.turnDetection) }
            next.turnDetection = detection.value
        }
        if let transcription = update.transcription { next.transcription = transcription.value }
        if let noiseReduction = update.noiseReduction {
            next.noiseReduction = noiseReduction.value
            // The strength defaults to 1 when noise reduction is first turned on, and is kept when a later
            // update leaves it out.
            if noiseReduction.value == nil {
                next.noiseReductionStrength = nil
            } else if let strength = update.noiseReductionStrength {
                guard strength >= 0 else {
                    throw Rejection(
                        ServiceErrors.outOfRange("session.audio.input.noise_reduction.strength", strength, in: 0...Double.greatestFiniteMagnitude))
                }
                next.noiseReductionStrength = strength
            } else if settings.noiseReduction == nil {
                next.noiseReductionStrength = 1
            }
        }
        if let tools = update.tools { next.tools = tools }
        if let choice = update.toolChoice { next.toolChoice = choice }
        if case .function(let name) = next.toolChoice, !next.tools.contains(where: { $0.name == name }) {
            throw Rejection(
                ServiceErrors.invalidValue("session.tool_choice", message: "Tool choice 'function' with name '\(name)' not found in tools."))
        }
        if let tokens = update.maxOutputTokens {
            try checkMaxTokens(tokens, path: paths.maxTokens)
            next.maxOutputTokens = tokens
        }
        for member in update.passthrough {
            try checkPassthrough(member.key, member.value, model: settings.model)
            next.passthrough[member.key] = member.value
        }
        return next
    }

    static func checkModalities(_ modalities: [String], path: String, dialect: Dialect) throws(Rejection) {
        for modality in modalities where modality != "audio" && modality != "text" {
            throw Rejection(ServiceErrors.invalidValue(path, modality, supported: ["text", "audio"]))
        }
        let valid: Bool
        switch dialect {
        case .ga: valid = modalities.count == 1
        case .beta: valid = Set(modalities) == ["text"] && modalities.count == 1 || Set(modalities) == ["audio", "text"] && modalities.count == 2
        }
        guard valid else { throw Rejection(ServiceErrors.invalidModalities(modalities, path: path, dialect: dialect)) }
    }

    static func checkVoice(_ voice: String, path: String, dialect: Dialect) throws(Rejection) {
        let voices = dialect == .ga ? SessionSettings.gaVoices : SessionSettings.betaVoices
        guard voices.contains(voice) || dialect == .ga && voice.hasPrefix("voice_") else {
            throw Rejection(ServiceErrors.invalidValue(path, voice, supported: voices))
        }
    }

    static func checkMaxTokens(_ tokens: MaxOutputTokens, path: String) throws(Rejection) {
        if case .limit(let count) = tokens, !(1...4096).contains(count) {
            throw Rejection(ServiceErrors.outOfRange(path, Double(count), in: 1...4096, integer: true))
        }
    }

    private static func checkFormat(_ format: AudioFormat, path: String) throws(Rejection) {
        if case .pcm(let rate) = format, rate != 24_000 {
            throw Rejection(ServiceErrors.invalidValue(path + ".rate", String(rate), supported: ["24000"]))
        }
    }

    private static func checkTurnDetection(_ detection: TurnDetection, path: String) throws(Rejection) {
        guard case .serverVAD(let vad) = detection else { return }
        guard (0...1).contains(vad.threshold) else { throw Rejection(ServiceErrors.outOfRange(path + ".threshold", vad.threshold, in: 0...1)) }
        let durations = [
            ("prefix_padding_ms", vad.prefixPaddingMs), ("silence_duration_ms", vad.silenceDurationMs), ("idle_timeout_ms", vad.idleTimeoutMs ?? 0),
        ]
        for (name, value) in durations where value < 0 {
            throw Rejection(ServiceErrors.outOfRange("\(path).\(name)", Double(value), in: 0...Double(Int32.max), integer: true))
        }
    }

    private static func checkPassthrough(_ key: String, _ value: JSONValue, model: String) throws(Rejection) {
        let path = "session.\(key)"
        switch key {
        case "reasoning", "parallel_tool_calls":
            // A model that does not reason refuses the whole update. The service's exact code is not
            // documented [inferred]: the simulator answers as it does for other parameters a model lacks.
            if let info = ModelCatalog.model(model), !info.reasons {
                throw Rejection(
                    ErrorDetail(
                        code: "unsupported_parameter", message: "Unsupported parameter: '\(path)' is not supported with the model '\(model)'.",
                        param: path))
            }
            if key == "reasoning", let effort = value["effort"], !effort.isNull {
                let efforts = ReasoningEffort.allCases.map(\.rawValue)
                guard let name = effort.stringValue, efforts.contains(name) else {
                    throw Rejection(
                        ServiceErrors.invalidValue(path + ".effort", effort.stringValue ?? JSONWriter.compact(effort), supported: efforts))
                }
            }
        case "truncation":
            if case .string(let mode) = value, mode != "auto", mode != "disabled" {
                throw Rejection(ServiceErrors.invalidValue(path, mode, supported: ["auto", "disabled"]))
            }
        case "tracing":
            if case .string(let mode) = value, mode != "auto" {
                throw Rejection(ServiceErrors.invalidValue(path, mode, supported: ["auto"]))
            }
        default:
            break
        }
    }

    /// Members the service does not know in this dialect, as `session.…` paths: those the typed model records,
    /// plus unknown members inside turn detection, transcription and noise reduction, which it reads leniently.
    private static func unknownPaths(_ update: SessionObject, raw: JSONObject, dialect: Dialect) -> [String] {
        var paths = update.unknownParameters.keys.map { "session.\($0)" }
        let input: JSONObject?
        let prefix: String
        switch dialect {
        case .ga:
            input = raw["audio"]?["input"]?.objectValue
            prefix = "session.audio.input."
        case .beta:
            input = raw
            prefix = "session."
        }
        guard let input else { return paths }
        let names =
            dialect == .ga
            ? (detection: "turn_detection", transcription: "transcription", noise: "noise_reduction")
            : (detection: "turn_detection", transcription: "input_audio_transcription", noise: "input_audio_noise_reduction")
        if let detection = input[names.detection]?.objectValue {
            let allowed: Set<String>
            switch (dialect, detection["type"]?.stringValue ?? "server_vad") {
            case (.ga, "semantic_vad"): allowed = ["type", "eagerness", "create_response", "interrupt_response"]
            case (.ga, _):
                allowed = [
                    "type", "threshold", "prefix_padding_ms", "silence_duration_ms", "idle_timeout_ms", "create_response", "interrupt_response",
                ]
            case (.beta, _):
                allowed = ["type", "threshold", "prefix_padding_ms", "silence_duration_ms", "eagerness", "create_response", "interrupt_response"]
            }
            paths += detection.keys.filter { !allowed.contains($0) }.map { prefix + names.detection + "." + $0 }
        }
        if let transcription = input[names.transcription]?.objectValue {
            let allowed: Set<String> =
                dialect == .ga ? ["model", "language", "prompt", "delay", "keywords", "languages"] : ["model", "language", "prompt"]
            paths += transcription.keys.filter { !allowed.contains($0) }.map { prefix + names.transcription + "." + $0 }
        }
        if let noise = input[names.noise]?.objectValue {
            let allowed: Set<String> = dialect == .ga ? ["type", "strength"] : ["type"]
            paths += noise.keys.filter { !allowed.contains($0) }.map { prefix + names.noise + "." + $0 }
        }
        return paths
    }

    /// Where each setting sits in a dialect, for error `param`s.
    private struct Paths {
        var modalities, voice, speed, inputFormat, outputFormat, turnDetection, maxTokens: String

        init(_ dialect: Dialect) {
            switch dialect {
            case .ga:
                modalities = "session.output_modalities"
                voice = "session.audio.output.voice"
                speed = "session.audio.output.speed"
                inputFormat = "session.audio.input.format"
                outputFormat = "session.audio.output.format"
                turnDetection = "session.audio.input.turn_detection"
                maxTokens = "session.max_output_tokens"
            case .beta:
                modalities = "session.modalities"
                voice = "session.voice"
                speed = "session.speed"
                inputFormat = "session.input_audio_format"
                outputFormat = "session.output_audio_format"
                turnDetection = "session.turn_detection"
                maxTokens = "session.max_response_output_tokens"
            }
        }
    }
}
