/// What rtconsole knows about one model: its family, what it takes, its limits, its prices and, when one
/// is announced, the day it shuts down.
public struct ModelInfo: Sendable, Equatable {
    /// Which protocol or job a model belongs to.
    public enum Family: String, Sendable, Equatable {
        /// Speech-to-speech on the Realtime protocol (`/v1/realtime`).
        case realtime
        /// Full-duplex speech on the GPT-Live protocol (`/v1/live/sessions`).
        case live
        /// Input-audio transcription inside a Realtime session.
        case transcription
    }

    /// Prices per million tokens of one kind of input: fresh and cached.
    public struct InputPrice: Sendable, Equatable {
        public var fresh: Double
        public var cached: Double

        /// Creates a price pair.
        public init(_ fresh: Double, cached: Double) {
            self.fresh = fresh
            self.cached = cached
        }
    }

    /// A model's prices in US dollars.
    public enum Pricing: Sendable, Equatable {
        /// Per million tokens, by kind (the Realtime models). `image` is nil for a model that takes no images
        /// or whose image price is not known.
        case tokens(text: InputPrice, textOutput: Double, audio: InputPrice, audioOutput: Double, image: InputPrice?)
        /// Per minute of session (GPT-Live) or of audio (transcription).
        case perMinute(Double)
        /// Not published, or not known to rtconsole.
        case unknown
    }

    /// An announced shutdown: the day and the model to move to.
    public struct Shutdown: Sendable, Equatable {
        /// The day, as `YYYY-MM-DD` (UTC).
        public var date: String
        /// The model OpenAI's own clients move to.
        public var replacement: String

        /// Creates a shutdown notice.
        public init(date: String, replacement: String) {
            self.date = date
            self.replacement = replacement
        }
    }

    /// The fields a transcription model takes besides `model`.
    public enum TranscriptionField: String, Sendable, Equatable, CaseIterable {
        case language, prompt, delay, keywords, languages
    }

    /// The model id, as sent to the service.
    public var id: String
    public var family: Family
    /// The reasoning efforts the model takes; empty for a model that does not reason.
    public var reasoningEfforts: [ReasoningEffort]
    /// The context window in tokens, when published.
    public var contextTokens: Int?
    /// The most tokens one reply may hold, when published.
    public var maxOutputTokens: Int?
    public var pricing: Pricing
    public var shutdown: Shutdown?
    /// For transcription models: the fields they take.
    public var transcriptionFields: Set<TranscriptionField>

    /// Creates a catalog entry.
    public init(
        id: String, family: Family, reasoningEfforts: [ReasoningEffort] = [], contextTokens: Int? = nil, maxOutputTokens: Int? = nil,
        pricing: Pricing = .unknown, shutdown: Shutdown? = nil, transcriptionFields: Set<TranscriptionField> = []
    ) {
        self.id = id
        self.family = family
        self.reasoningEfforts = reasoningEfforts
        self.contextTokens = contextTokens
        self.maxOutputTokens = maxOutputTokens
        self.pricing = pricing
        self.shutdown = shutdown
        self.transcriptionFields = transcriptionFields
    }

    /// True for a model that takes a reasoning effort.
    public var reasons: Bool { !reasoningEfforts.isEmpty }
}
