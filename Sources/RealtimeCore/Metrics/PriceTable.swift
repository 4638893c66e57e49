/// Prices per million tokens for realtime models, by token kind.
public struct PriceTable: Sendable, Equatable {
    /// The prices of one model, in US dollars per million tokens.
    public struct Prices: Sendable, Equatable {
        public var textInput: Double
        public var cachedTextInput: Double
        public var textOutput: Double
        public var audioInput: Double
        public var cachedAudioInput: Double
        public var audioOutput: Double

        /// Creates a price set.
        public init(textInput: Double, cachedTextInput: Double, textOutput: Double, audioInput: Double, cachedAudioInput: Double, audioOutput: Double)
        {
            self.textInput = textInput
            self.cachedTextInput = cachedTextInput
            self.textOutput = textOutput
            self.audioInput = audioInput
            self.cachedAudioInput = cachedAudioInput
            self.audioOutput = audioOutput
        }

        /// The cost of some usage in US dollars. Cached tokens are a subset of input tokens and are billed at the cached price.
        public func cost(of usage: Usage) -> Double {
            let freshText = max(0, usage.inputTextTokens - usage.cachedTextTokens)
            let freshAudio = max(0, usage.inputAudioTokens - usage.cachedAudioTokens)
            let perToken = 1.0 / 1_000_000
            return perToken
                * (Double(freshText) * textInput + Double(usage.cachedTextTokens) * cachedTextInput
                    + Double(freshAudio) * audioInput + Double(usage.cachedAudioTokens) * cachedAudioInput
                    + Double(usage.outputTextTokens) * textOutput + Double(usage.outputAudioTokens) * audioOutput)
        }
    }

    /// Prices by model name; a model is matched by the longest name that prefixes it.
    public var models: [String: Prices]

    /// Creates a table.
    public init(models: [String: Prices]) { self.models = models }

    /// OpenAI's published realtime prices (USD per 1M tokens) as of late 2025; override them in the config file.
    public static let defaults = PriceTable(models: [
        "gpt-realtime": Prices(textInput: 4, cachedTextInput: 0.4, textOutput: 16, audioInput: 32, cachedAudioInput: 0.4, audioOutput: 64),
        "gpt-realtime-mini": Prices(textInput: 0.6, cachedTextInput: 0.06, textOutput: 2.4, audioInput: 10, cachedAudioInput: 0.3, audioOutput: 20),
        "gpt-4o-realtime-preview": Prices(textInput: 5, cachedTextInput: 2.5, textOutput: 20, audioInput: 40, cachedAudioInput: 2.5, audioOutput: 80),
        "gpt-4o-mini-realtime-preview": Prices(
            textInput: 0.6, cachedTextInput: 0.3, textOutput: 2.4, audioInput: 10, cachedAudioInput: 0.3, audioOutput: 20),
    ])

    /// The prices for a model, or nil when the table has none.
    public func prices(for model: String) -> Prices? {
        models.keys.filter { model.hasPrefix($0) }.max { $0.count < $1.count }.flatMap { models[$0] }
    }
}
