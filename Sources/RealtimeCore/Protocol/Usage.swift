/// Token usage of one response, split the way the service reports it.
public struct Usage: Sendable, Equatable {
    public var inputTokens: Int = 0
    public var outputTokens: Int = 0
    public var totalTokens: Int = 0
    public var inputTextTokens: Int = 0
    public var inputAudioTokens: Int = 0
    public var inputImageTokens: Int = 0
    /// Cached input tokens (a subset of input tokens).
    public var cachedTokens: Int = 0
    public var cachedTextTokens: Int = 0
    public var cachedAudioTokens: Int = 0
    public var cachedImageTokens: Int = 0
    public var outputTextTokens: Int = 0
    public var outputAudioTokens: Int = 0

    /// Creates an empty usage record.
    public init() {}

    /// Adds another usage record into this one.
    public static func += (lhs: inout Usage, rhs: Usage) {
        lhs.inputTokens += rhs.inputTokens
        lhs.outputTokens += rhs.outputTokens
        lhs.totalTokens += rhs.totalTokens
        lhs.inputTextTokens += rhs.inputTextTokens
        lhs.inputAudioTokens += rhs.inputAudioTokens
        lhs.inputImageTokens += rhs.inputImageTokens
        lhs.cachedTokens += rhs.cachedTokens
        lhs.cachedTextTokens += rhs.cachedTextTokens
        lhs.cachedAudioTokens += rhs.cachedAudioTokens
        lhs.cachedImageTokens += rhs.cachedImageTokens
        lhs.outputTextTokens += rhs.outputTextTokens
        lhs.outputAudioTokens += rhs.outputAudioTokens
    }

    /// The wire JSON (GA shape; beta servers sent the same members).
    public var json: JSONValue {
        [
            "total_tokens": .int(totalTokens), "input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens),
            "input_token_details": [
                "text_tokens": .int(inputTextTokens), "audio_tokens": .int(inputAudioTokens), "image_tokens": .int(inputImageTokens),
                "cached_tokens": .int(cachedTokens),
                "cached_tokens_details": [
                    "text_tokens": .int(cachedTextTokens), "audio_tokens": .int(cachedAudioTokens), "image_tokens": .int(cachedImageTokens),
                ],
            ],
            "output_token_details": ["text_tokens": .int(outputTextTokens), "audio_tokens": .int(outputAudioTokens)],
        ]
    }

    /// Reads usage; missing members count as zero.
    public init(_ r: JSONReader) throws(ProtocolError) {
        inputTokens = try r.optionalInt("input_tokens") ?? 0
        outputTokens = try r.optionalInt("output_tokens") ?? 0
        totalTokens = try r.optionalInt("total_tokens") ?? inputTokens + outputTokens
        if let d = try r.optionalObject("input_token_details") {
            inputTextTokens = try d.optionalInt("text_tokens") ?? 0
            inputAudioTokens = try d.optionalInt("audio_tokens") ?? 0
            inputImageTokens = try d.optionalInt("image_tokens") ?? 0
            cachedTokens = try d.optionalInt("cached_tokens") ?? 0
            if let c = try d.optionalObject("cached_tokens_details") {
                cachedTextTokens = try c.optionalInt("text_tokens") ?? 0
                cachedAudioTokens = try c.optionalInt("audio_tokens") ?? 0
                cachedImageTokens = try c.optionalInt("image_tokens") ?? 0
            }
        }
        if let d = try r.optionalObject("output_token_details") {
            outputTextTokens = try d.optionalInt("text_tokens") ?? 0
            outputAudioTokens = try d.optionalInt("audio_tokens") ?? 0
        }
    }
}
