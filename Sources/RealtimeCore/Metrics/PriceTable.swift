/// Prices per million tokens for realtime models, by token kind: the model catalog's, overridden by the
/// config file's.
public struct PriceTable: Sendable, Equatable {
    /// The prices of one model, in US dollars per million tokens.
    public struct Prices: Sendable, Equatable {
        public var textInput: Double
        public var cachedTextInput: Double
        public var textOutput: Double
        public var audioInput: Double
        public var cachedAudioInput: Double
        public var audioOutput: Double
        /// Image input, fresh and cached; nil when the model takes no images or the price is not known.
        public var imageInput: Double?
        public var cachedImageInput: Double?

        /// Creates a price set.
        public init(
            textInput: Double, cachedTextInput: Double, textOutput: Double, audioInput: Double, cachedAudioInput: Double, audioOutput: Double,
            imageInput: Double? = nil, cachedImageInput: Double? = nil
        ) {
            self.textInput = textInput
            self.cachedTextInput = cachedTextInput
            self.textOutput = textOutput
            self.audioInput = audioInput
            self.cachedAudioInput = cachedAudioInput
            self.audioOutput = audioOutput
            self.imageInput = imageInput
            self.cachedImageInput = cachedImageInput
        }

        /// The token prices of a catalog entry, or nil when it is not priced per token.
        public init?(_ pricing: ModelInfo.Pricing) {
            guard case .tokens(let text, let textOutput, let audio, let audioOutput, let image) = pricing else { return nil }
            self.init(
                textInput: text.fresh, cachedTextInput: text.cached, textOutput: textOutput, audioInput: audio.fresh,
                cachedAudioInput: audio.cached, audioOutput: audioOutput, imageInput: image?.fresh, cachedImageInput: image?.cached)
        }

        /// The cost of some usage in US dollars. Cached tokens are a subset of input tokens and are billed at
        /// the cached price; image tokens of a model without an image price count as free.
        public func cost(of usage: Usage) -> Double {
            let freshText = max(0, usage.inputTextTokens - usage.cachedTextTokens)
            let freshAudio = max(0, usage.inputAudioTokens - usage.cachedAudioTokens)
            let freshImage = max(0, usage.inputImageTokens - usage.cachedImageTokens)
            let perToken = 1.0 / 1_000_000
            let images = Double(freshImage) * (imageInput ?? 0) + Double(usage.cachedImageTokens) * (cachedImageInput ?? 0)
            return perToken
                * (Double(freshText) * textInput + Double(usage.cachedTextTokens) * cachedTextInput
                    + Double(freshAudio) * audioInput + Double(usage.cachedAudioTokens) * cachedAudioInput
                    + images + Double(usage.outputTextTokens) * textOutput + Double(usage.outputAudioTokens) * audioOutput)
        }
    }

    /// Prices by model id.
    public var models: [String: Prices]

    /// Creates a table.
    public init(models: [String: Prices]) { self.models = models }

    /// The prices of every token-priced model in the ``ModelCatalog``.
    public static let defaults = PriceTable(
        models: Dictionary(uniqueKeysWithValues: ModelCatalog.all.compactMap { model in Prices(model.pricing).map { (model.id, $0) } }))

    /// The prices for a model id, or nil when the table has none: a model is priced by its own id only,
    /// never by a name it starts with (`gpt-realtime-3` is not `gpt-realtime`).
    public func prices(for model: String) -> Prices? {
        models[model]
    }
}
