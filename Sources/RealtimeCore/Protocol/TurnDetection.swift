/// How the server decides that the user has finished speaking. `nil` where it is used means manual turns.
public enum TurnDetection: Sendable, Equatable {
    /// Energy-based voice activity detection.
    case serverVAD(ServerVAD)
    /// Model-based end-of-turn detection.
    case semanticVAD(SemanticVAD)

    /// Server VAD parameters, with the service's defaults.
    public struct ServerVAD: Sendable, Equatable {
        /// Activation threshold, 0…1 (higher needs louder audio).
        public var threshold: Double = 0.5
        /// Audio kept before detected speech, in ms.
        public var prefixPaddingMs: Int = 300
        /// Silence that ends a turn, in ms.
        public var silenceDurationMs: Int = 500
        /// GA only: start a response after this much silence following the assistant's reply (nil = off).
        public var idleTimeoutMs: Int?
        /// Start a response automatically when speech stops.
        public var createResponse: Bool = true
        /// Cancel the active response when speech starts.
        public var interruptResponse: Bool = true

        /// Creates server VAD parameters.
        public init(
            threshold: Double = 0.5, prefixPaddingMs: Int = 300, silenceDurationMs: Int = 500, idleTimeoutMs: Int? = nil,
            createResponse: Bool = true, interruptResponse: Bool = true
        ) {
            self.threshold = threshold
            self.prefixPaddingMs = prefixPaddingMs
            self.silenceDurationMs = silenceDurationMs
            self.idleTimeoutMs = idleTimeoutMs
            self.createResponse = createResponse
            self.interruptResponse = interruptResponse
        }
    }

    /// Semantic VAD parameters.
    public struct SemanticVAD: Sendable, Equatable {
        /// How eager the model is to end the user's turn.
        public var eagerness: Eagerness = .auto
        /// Start a response automatically at the end of the turn.
        public var createResponse: Bool = true
        /// Cancel the active response when speech starts.
        public var interruptResponse: Bool = true

        /// Creates semantic VAD parameters.
        public init(eagerness: Eagerness = .auto, createResponse: Bool = true, interruptResponse: Bool = true) {
            self.eagerness = eagerness
            self.createResponse = createResponse
            self.interruptResponse = interruptResponse
        }
    }

    /// Semantic VAD eagerness.
    public enum Eagerness: String, Sendable, CaseIterable {
        case low, medium, high, auto
    }

    /// A short description for people: "server VAD (threshold 0.5, silence 500 ms)", "semantic VAD (high)", "manual".
    public static func describe(_ detection: TurnDetection?) -> String {
        switch detection {
        case .serverVAD(let v)?:
            "server VAD (threshold \(v.threshold), padding \(v.prefixPaddingMs) ms, silence \(v.silenceDurationMs) ms)"
        case .semanticVAD(let v)?: "semantic VAD (\(v.eagerness.rawValue))"
        case nil: "manual (push-to-talk)"
        }
    }

    /// Whether the server starts a response by itself at the end of a turn.
    public var createsResponse: Bool {
        switch self {
        case .serverVAD(let v): v.createResponse
        case .semanticVAD(let v): v.createResponse
        }
    }

    /// Whether the server cancels the active response by itself when the user starts speaking.
    public var interruptsResponse: Bool {
        switch self {
        case .serverVAD(let v): v.interruptResponse
        case .semanticVAD(let v): v.interruptResponse
        }
    }

    /// The wire JSON for a dialect (beta has no `idle_timeout_ms`).
    public func json(_ dialect: Dialect) -> JSONValue {
        switch self {
        case .serverVAD(let v):
            var o: JSONObject = [
                "type": "server_vad", "threshold": .number(v.threshold), "prefix_padding_ms": .int(v.prefixPaddingMs),
                "silence_duration_ms": .int(v.silenceDurationMs),
            ]
            if dialect == .ga, let idle = v.idleTimeoutMs { o["idle_timeout_ms"] = .int(idle) }
            o["create_response"] = .bool(v.createResponse)
            o["interrupt_response"] = .bool(v.interruptResponse)
            return .object(o)
        case .semanticVAD(let v):
            return [
                "type": "semantic_vad", "eagerness": .string(v.eagerness.rawValue), "create_response": .bool(v.createResponse),
                "interrupt_response": .bool(v.interruptResponse),
            ]
        }
    }

    /// Reads turn detection; missing parameters take the service's defaults (it reports 200 ms of silence).
    public init(_ r: JSONReader) throws(ProtocolError) {
        switch try r.optionalString("type") ?? "server_vad" {
        case "server_vad":
            var v = ServerVAD(silenceDurationMs: 200)
            if let x = try r.optionalDouble("threshold") { v.threshold = x }
            if let x = try r.optionalInt("prefix_padding_ms") { v.prefixPaddingMs = x }
            if let x = try r.optionalInt("silence_duration_ms") { v.silenceDurationMs = x }
            v.idleTimeoutMs = try r.optionalInt("idle_timeout_ms")
            if let x = try r.optionalBool("create_response") { v.createResponse = x }
            if let x = try r.optionalBool("interrupt_response") { v.interruptResponse = x }
            self = .serverVAD(v)
        case "semantic_vad":
            var v = SemanticVAD()
            if let e = try r.optionalString("eagerness") {
                guard let eagerness = Eagerness(rawValue: e) else { throw r.invalid("eagerness", "'\(e)' is not one of low, medium, high, auto") }
                v.eagerness = eagerness
            }
            if let x = try r.optionalBool("create_response") { v.createResponse = x }
            if let x = try r.optionalBool("interrupt_response") { v.interruptResponse = x }
            self = .semanticVAD(v)
        case let other:
            throw r.invalid("type", "'\(other)' is not a turn detection type; expected server_vad or semantic_vad")
        }
    }
}
