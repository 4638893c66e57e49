/// The `error` object of an `error` event, as the service sends it.
public struct ErrorDetail: Sendable, Equatable {
    /// The error class (`invalid_request_error`, `server_error`, …).
    public var type: String
    /// A machine-readable code (`unknown_parameter`, `session_expired`, …).
    public var code: String?
    /// The server's message for people.
    public var message: String
    /// The parameter at fault.
    public var param: String?
    /// The `event_id` of the client event that caused it.
    public var eventID: String?

    /// Creates an error detail.
    public init(type: String = "invalid_request_error", code: String? = nil, message: String, param: String? = nil, eventID: String? = nil) {
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.eventID = eventID
    }

    /// The wire JSON.
    public var json: JSONValue {
        [
            "type": .string(type), "code": .optionalString(code), "message": .string(message), "param": .optionalString(param),
            "event_id": .optionalString(eventID),
        ]
    }

    /// Reads an error detail. A missing `type` (seen in transcription failures) reads as empty.
    public init(_ r: JSONReader) throws(ProtocolError) {
        type = try r.optionalString("type") ?? ""
        code = try r.optionalString("code")
        message = try r.optionalString("message") ?? ""
        param = try r.optionalString("param")
        eventID = try r.optionalString("event_id")
    }
}

/// One entry of `rate_limits.updated`.
public struct RateLimit: Sendable, Equatable {
    /// `requests` or `tokens`.
    public var name: String
    public var limit: Int
    public var remaining: Int
    public var resetSeconds: Double

    /// Creates a rate limit entry.
    public init(name: String, limit: Int, remaining: Int, resetSeconds: Double) {
        self.name = name
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }

    /// The wire JSON.
    public var json: JSONValue {
        ["name": .string(name), "limit": .int(limit), "remaining": .int(remaining), "reset_seconds": .number(resetSeconds)]
    }

    /// Reads a rate limit entry.
    public init(_ r: JSONReader) throws(ProtocolError) {
        name = try r.optionalString("name") ?? ""
        limit = try r.optionalInt("limit") ?? 0
        remaining = try r.optionalInt("remaining") ?? 0
        resetSeconds = try r.optionalDouble("reset_seconds") ?? 0
    }
}
