/// Input-audio transcription: a separate speech-recognition pass over the user's audio.
public struct TranscriptionSettings: Sendable, Equatable {
    /// The transcription model (see ``ModelCatalog``).
    public var model: String
    /// ISO-639-1 language hint.
    public var language: String?
    /// A prompt (keywords for whisper-1, free text for the gpt-4o models; gpt-realtime-whisper takes none).
    public var prompt: String?
    /// How long `gpt-realtime-whisper` may wait for more context: longer is more accurate.
    public var delay: TranscriptionDelay?
    /// Words to listen for (`gpt-live-transcribe`, `gpt-transcribe`).
    public var keywords: [String]?
    /// ISO-639-1 languages the speech may be in (`gpt-live-transcribe`, `gpt-transcribe`).
    public var languages: [String]?

    /// Creates transcription settings.
    public init(model: String = ModelCatalog.defaultTranscriptionModel, language: String? = nil, prompt: String? = nil) {
        self.model = model
        self.language = language
        self.prompt = prompt
    }

    /// The wire JSON.
    public var json: JSONValue {
        var o: JSONObject = ["model": .string(model)]
        if let language { o["language"] = .string(language) }
        if let prompt { o["prompt"] = .string(prompt) }
        if let delay { o["delay"] = .string(delay.rawValue) }
        if let keywords { o["keywords"] = .array(keywords.map(JSONValue.string)) }
        if let languages { o["languages"] = .array(languages.map(JSONValue.string)) }
        return .object(o)
    }

    /// Reads transcription settings.
    public init(_ r: JSONReader) throws(ProtocolError) {
        self.model = try r.optionalString("model") ?? ModelCatalog.defaultTranscriptionModel
        self.language = try r.optionalString("language")
        self.prompt = try r.optionalString("prompt")
        self.delay = try r.optionalString("delay").flatMap(TranscriptionDelay.init(rawValue:))
        self.keywords = try r.optionalStrings("keywords")
        self.languages = try r.optionalStrings("languages")
    }
}

/// How long a transcription model may wait for more context before it commits to words.
public enum TranscriptionDelay: String, Sendable, Equatable, CaseIterable {
    case minimal, low, medium, high, xhigh
}

/// Server-side noise reduction of the input audio.
public enum NoiseReduction: String, Sendable, Equatable, CaseIterable {
    /// For close-talking microphones (headsets).
    case nearField = "near_field"
    /// For laptop and room microphones.
    case farField = "far_field"

    /// The wire JSON.
    public var json: JSONValue { ["type": .string(rawValue)] }

    /// Reads noise reduction.
    public init(_ r: JSONReader) throws(ProtocolError) {
        let type = try r.string("type")
        guard let value = NoiseReduction(rawValue: type) else { throw r.invalid("type", "'\(type)' is not near_field or far_field") }
        self = value
    }
}
