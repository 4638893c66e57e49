/// A session object as it crosses the wire: every field optional, so it serves as the full
/// configuration in `session.created` and as a partial update in `session.update`.
///
/// One type for both dialects: GA nests audio settings under `audio.input` / `audio.output` and
/// requires `type`; beta is flat and has `temperature`. Members this model does not know are kept,
/// by dotted path, in `unknownParameters`, so they round-trip and a server can reject them.
public struct SessionObject: Sendable, Equatable {
    /// GA `type`: `realtime` or `transcription`.
    public var type: String?
    public var id: String?
    public var object: String?
    public var expiresAt: Int?
    public var model: String?
    public var instructions: String?
    /// GA `output_modalities` / beta `modalities`.
    public var outputModalities: [String]?
    public var voice: String?
    public var speed: Double?
    /// Beta only: 0.6…1.2.
    public var temperature: Double?
    public var inputFormat: AudioFormat?
    public var outputFormat: AudioFormat?
    /// `.null` means manual turns (push-to-talk).
    public var turnDetection: Nullable<TurnDetection>?
    public var transcription: Nullable<TranscriptionSettings>?
    public var noiseReduction: Nullable<NoiseReduction>?
    /// GA `audio.input.noise_reduction.strength`: higher suppresses more (1 when first enabled).
    public var noiseReductionStrength: Double?
    public var tools: [ToolDefinition]?
    public var toolChoice: ToolChoice?
    public var maxOutputTokens: MaxOutputTokens?
    /// Known members kept as JSON (`truncation`, `tracing`, `include`, `prompt`, `reasoning`, …).
    public var passthrough: JSONObject = [:]
    /// Unknown members by dotted path (`temperature` in GA, `audio.input.foo`, …), kept as received.
    public var unknownParameters: JSONObject = [:]

    /// Creates an empty session object (an update that changes nothing).
    public init() {}

    static let passthroughKeys: Set<String> = [
        "truncation", "tracing", "include", "prompt", "reasoning", "parallel_tool_calls", "client_secret",
    ]

    /// True when no field is set.
    public var isEmpty: Bool { self == SessionObject() }

    /// The wire JSON for a dialect.
    public func json(_ dialect: Dialect) -> JSONValue {
        var o: JSONObject = [:]
        if dialect == .ga, let type { o["type"] = .string(type) }
        if let object { o["object"] = .string(object) }
        if let id { o["id"] = .string(id) }
        if let expiresAt { o["expires_at"] = .int(expiresAt) }
        if let model { o["model"] = .string(model) }
        if let instructions { o["instructions"] = .string(instructions) }
        switch dialect {
        case .ga:
            if let outputModalities { o["output_modalities"] = .array(outputModalities.map(JSONValue.string)) }
            var input: JSONObject = [:]
            if let inputFormat { input["format"] = inputFormat.json(.ga) }
            if let turnDetection { input["turn_detection"] = turnDetection.value?.json(.ga) ?? .null }
            if let transcription { input["transcription"] = transcription.value?.json ?? .null }
            if let noiseReduction {
                var json = noiseReduction.value?.json ?? .null
                if let strength = noiseReductionStrength, case .object(var o) = json {
                    o["strength"] = .number(strength)
                    json = .object(o)
                }
                input["noise_reduction"] = json
            }
            var output: JSONObject = [:]
            if let outputFormat { output["format"] = outputFormat.json(.ga) }
            if let voice { output["voice"] = .string(voice) }
            if let speed { output["speed"] = .number(speed) }
            if !input.isEmpty || !output.isEmpty {
                var audio: JSONObject = [:]
                if !input.isEmpty { audio["input"] = .object(input) }
                if !output.isEmpty { audio["output"] = .object(output) }
                o["audio"] = .object(audio)
            }
            if let temperature { o["temperature"] = .number(temperature) }
        case .beta:
            if let outputModalities { o["modalities"] = .array(outputModalities.map(JSONValue.string)) }
            if let voice { o["voice"] = .string(voice) }
            if let temperature { o["temperature"] = .number(temperature) }
            if let speed { o["speed"] = .number(speed) }
            if let inputFormat { o["input_audio_format"] = inputFormat.json(.beta) }
            if let outputFormat { o["output_audio_format"] = outputFormat.json(.beta) }
            if let turnDetection { o["turn_detection"] = turnDetection.value?.json(.beta) ?? .null }
            if let transcription { o["input_audio_transcription"] = transcription.value?.json ?? .null }
            if let noiseReduction { o["input_audio_noise_reduction"] = noiseReduction.value?.json ?? .null }
        }
        if let tools { o["tools"] = .array(tools.map(\.json)) }
        if let toolChoice { o["tool_choice"] = toolChoice.json }
        if let maxOutputTokens { o[dialect == .ga ? "max_output_tokens" : "max_response_output_tokens"] = maxOutputTokens.json }
        for member in passthrough { o[member.key] = member.value }
        var value = JSONValue.object(o)
        for member in unknownParameters { value.setValue(member.value, atPath: member.key.split(separator: ".").map(String.init)) }
        return value
    }

    /// Reads a session object in the given dialect. Members of the other dialect count as unknown.
    public init(_ r: JSONReader, dialect: Dialect) throws(ProtocolError) {
        var unknown: JSONObject = [:]
        func note(_ reader: JSONReader, known: Set<String>, prefix: String) {
            for member in reader.object where !known.contains(member.key) {
                unknown[prefix.isEmpty ? member.key : "\(prefix).\(member.key)"] = member.value
            }
        }
        let common = Set(["id", "object", "expires_at", "model", "instructions", "tools", "tool_choice"]).union(Self.passthroughKeys)
        type = dialect == .ga ? try r.optionalString("type") : nil
        id = try r.optionalString("id")
        object = try r.optionalString("object")
        expiresAt = try r.optionalInt("expires_at")
        model = try r.optionalString("model")
        instructions = try r.optionalString("instructions")
        switch dialect {
        case .ga:
            note(r, known: common.union(["type", "output_modalities", "audio", "max_output_tokens"]), prefix: "")
            outputModalities = try r.optionalStrings("output_modalities")
            if let audio = try r.optionalObject("audio") {
                note(audio, known: ["input", "output"], prefix: "audio")
                if let input = try audio.optionalObject("input") {
                    note(input, known: ["format", "turn_detection", "transcription", "noise_reduction"], prefix: "audio.input")
                    inputFormat = try input.raw("format").map { (f: JSONValue) throws(ProtocolError) in
                        try AudioFormat(json: f, path: "session.audio.input.format", eventType: r.eventType)
                    }
                    turnDetection = try Self.nullable(input, "turn_detection") { (t: JSONReader) throws(ProtocolError) in try TurnDetection(t) }
                    transcription = try Self.nullable(input, "transcription") { (t: JSONReader) throws(ProtocolError) in try TranscriptionSettings(t)
                    }
                    noiseReduction = try Self.nullable(input, "noise_reduction") { (t: JSONReader) throws(ProtocolError) in try NoiseReduction(t) }
                    if input.raw("noise_reduction")?.objectValue != nil, let noise = try input.optionalObject("noise_reduction") {
                        noiseReductionStrength = try noise.optionalDouble("strength")
                    }
                }
                if let output = try audio.optionalObject("output") {
                    note(output, known: ["format", "voice", "speed"], prefix: "audio.output")
                    outputFormat = try output.raw("format").map { (f: JSONValue) throws(ProtocolError) in
                        try AudioFormat(json: f, path: "session.audio.output.format", eventType: r.eventType)
                    }
                    voice = try Self.voice(output)
                    speed = try output.optionalDouble("speed")
                }
            }
            maxOutputTokens = try Self.maxTokens(r, "max_output_tokens")
        case .beta:
            note(
                r,
                known: common.union([
                    "modalities", "voice", "temperature", "speed", "input_audio_format", "output_audio_format", "turn_detection",
                    "input_audio_transcription", "input_audio_noise_reduction", "max_response_output_tokens",
                ]), prefix: "")
            outputModalities = try r.optionalStrings("modalities")
            voice = try Self.voice(r)
            temperature = try r.optionalDouble("temperature")
            speed = try r.optionalDouble("speed")
            inputFormat = try r.raw("input_audio_format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "session.input_audio_format", eventType: r.eventType)
            }
            outputFormat = try r.raw("output_audio_format").map { (f: JSONValue) throws(ProtocolError) in
                try AudioFormat(json: f, path: "session.output_audio_format", eventType: r.eventType)
            }
            turnDetection = try Self.nullable(r, "turn_detection") { (t: JSONReader) throws(ProtocolError) in try TurnDetection(t) }
            transcription = try Self.nullable(r, "input_audio_transcription") { (t: JSONReader) throws(ProtocolError) in try TranscriptionSettings(t)
            }
            noiseReduction = try Self.nullable(r, "input_audio_noise_reduction") { (t: JSONReader) throws(ProtocolError) in try NoiseReduction(t) }
            maxOutputTokens = try Self.maxTokens(r, "max_response_output_tokens")
        }
        tools = try r.optionalArray("tools") { (t: JSONReader) throws(ProtocolError) in try ToolDefinition(t) }
        toolChoice = r.raw("tool_choice").flatMap { $0.isNull ? nil : ToolChoice(json: $0) }
        var passthrough: JSONObject = [:]
        for key in Self.passthroughKeys.sorted() { if let v = r.raw(key) { passthrough[key] = v } }
        self.passthrough = passthrough
        unknownParameters = unknown
    }

    static func nullable<T>(_ r: JSONReader, _ key: String, _ read: (JSONReader) throws(ProtocolError) -> T) throws(ProtocolError) -> Nullable<T>? {
        guard let value = r.raw(key) else { return nil }
        if value.isNull { return .null }
        return .value(try read(JSONReader(value: value, path: r.fieldPath(key), eventType: r.eventType)))
    }

    static func voice(_ r: JSONReader) throws(ProtocolError) -> String? {
        if let custom = r.raw("voice")?.objectValue {
            guard let id = custom["id"]?.stringValue else { throw r.invalid("voice", "a custom voice needs an id") }
            return id
        }
        return try r.optionalString("voice")
    }

    static func maxTokens(_ r: JSONReader, _ key: String) throws(ProtocolError) -> MaxOutputTokens? {
        guard let value = r.raw(key), !value.isNull else { return nil }
        return try MaxOutputTokens(json: value, reader: r, key: key)
    }
}

extension JSONValue {
    /// Sets a value at a path of object keys, creating objects on the way.
    mutating func setValue(_ newValue: JSONValue, atPath path: [String]) {
        guard let first = path.first else {
            self = newValue
            return
        }
        var object = objectValue ?? [:]
        var child = object[first] ?? .object([:])
        child.setValue(newValue, atPath: Array(path.dropFirst()))
        object[first] = child
        self = .object(object)
    }
}
