/// An audio encoding the protocol can carry.
public enum AudioFormat: Sendable, Equatable {
    /// 16-bit little-endian PCM, mono, at `rate` Hz (the service accepts only 24000).
    case pcm(rate: Int)
    /// G.711 µ-law, 8 kHz mono.
    case pcmu
    /// G.711 A-law, 8 kHz mono.
    case pcma

    /// The default: PCM16 at 24 kHz.
    public static let pcm24k = AudioFormat.pcm(rate: 24_000)

    /// Samples per second.
    public var sampleRate: Int {
        switch self {
        case .pcm(let rate): rate
        case .pcmu, .pcma: 8_000
        }
    }

    /// Bytes per sample on the wire (2 for PCM16, 1 for G.711).
    public var bytesPerSample: Int {
        switch self {
        case .pcm: 2
        case .pcmu, .pcma: 1
        }
    }

    /// The format's JSON in a dialect (`{"type":"audio/pcm","rate":24000}` in GA, `"pcm16"` in beta).
    public func json(_ dialect: Dialect) -> JSONValue {
        switch (self, dialect) {
        case (.pcm(let rate), .ga): ["type": "audio/pcm", "rate": .int(rate)]
        case (.pcmu, .ga): ["type": "audio/pcmu"]
        case (.pcma, .ga): ["type": "audio/pcma"]
        case (.pcm, .beta): "pcm16"
        case (.pcmu, .beta): "g711_ulaw"
        case (.pcma, .beta): "g711_alaw"
        }
    }

    /// Reads either dialect's spelling.
    public init(json: JSONValue, path: String, eventType: String?) throws(ProtocolError) {
        switch json {
        case .string("pcm16"): self = .pcm24k
        case .string("g711_ulaw"): self = .pcmu
        case .string("g711_alaw"): self = .pcma
        case .object:
            let r = try JSONReader(value: json, path: path, eventType: eventType)
            switch try r.string("type") {
            case "audio/pcm": self = .pcm(rate: try r.optionalInt("rate") ?? 24_000)
            case "audio/pcmu": self = .pcmu
            case "audio/pcma": self = .pcma
            case let other: throw r.invalid("type", "unknown audio format '\(other)'; expected audio/pcm, audio/pcmu or audio/pcma")
            }
        default:
            throw ProtocolError(.invalidField, eventType: eventType, path: path, message: "unknown audio format \(JSONWriter.compact(json))")
        }
    }
}
