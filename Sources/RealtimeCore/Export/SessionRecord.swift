import Foundation

/// Everything a call leaves behind: configuration, the conversation, interruptions, timings, usage and cost.
/// Its JSON form (`schema_version` 1) is the autosave format and loads back as history.
public struct SessionRecord: Sendable, Equatable {
    /// The JSON schema version this code writes.
    public static let schemaVersion = 1

    /// A configuration change during the call.
    public struct ConfigChange: Sendable, Equatable {
        public var time: Date
        public var description: String

        /// Creates a change record.
        public init(time: Date, description: String) {
            self.time = time
            self.description = description
        }
    }

    public var startedAt: Date
    public var endedAt: Date?
    /// Where the call went (host and path, never the key).
    public var endpoint: String
    public var dialect: Dialect
    public var config: SessionConfig
    public var configChanges: [ConfigChange] = []
    public var entries: [ConversationEntry] = []
    public var turns: [TurnMetrics] = []
    public var usage = Usage()
    public var cost: Double?
    /// The protocol of the call.
    public var api: VoiceAPI = .realtime
    /// GPT-Live: billable seconds of the call (all its sessions).
    public var liveSeconds: Int?

    /// Creates a record.
    public init(startedAt: Date, endpoint: String, dialect: Dialect, config: SessionConfig) {
        self.startedAt = startedAt
        self.endpoint = endpoint
        self.dialect = dialect
        self.config = config
    }

    static func iso(_ date: Date) -> JSONValue {
        .string(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
    }

    static func ms(_ d: Duration?) -> JSONValue {
        guard let d else { return .null }
        return .int(Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Writes the record's JSON form (indented) to `sink` a member, an item or a turn at a time, so that an
    /// hour's conversation is never built whole in memory on its way to a file.
    public func writeJSON<Sink: TextSink>(to sink: inout Sink) throws(Sink.Failure) {
        var configJSON = config.sessionObject(for: .ga).json(.ga)
        if case .object(var o) = configJSON {
            o["temperature"] = .number(config.temperature)
            configJSON = .object(o)
        }
        var stream = PrettyObjectStream(into: consume sink)
        defer { sink = stream.sink }
        try stream.member("schema_version", .int(Self.schemaVersion))
        try stream.member("generator", "rtconsole")
        try stream.member("started_at", Self.iso(startedAt))
        try stream.member("ended_at", endedAt.map(Self.iso) ?? .null)
        try stream.member("endpoint", .string(endpoint))
        try stream.member("dialect", .string(dialect.rawValue))
        try stream.member("config", configJSON)
        if api == .live {
            try stream.member("api", .string(api.rawValue))
            try stream.member("live_seconds", .int(liveSeconds ?? 0))
        }
        try stream.member("config_changes", elements: configChanges) { ["time": Self.iso($0.time), "change": .string($0.description)] }
        try stream.member("items", elements: entries, Self.itemJSON)
        try stream.member("turns", elements: turns, Self.turnJSON)
        try stream.member("usage", usage.json)
        try stream.member("cost_usd", cost.map(JSONValue.number) ?? .null)
        try stream.finish()
    }

    private static func itemJSON(_ e: ConversationEntry) -> JSONValue {
        var o: JSONObject = [
            "id": .string(e.id), "role": .string(e.speaker.rawValue), "type": .string(e.kind.rawValue), "time": iso(e.createdAt),
            "text": .string(e.recordText),
        ]
        if e.interrupted {
            o["interrupted"] = true
            o["full_text"] = .string(e.text)
        }
        if e.speaker == .assistant, e.kind == .message {
            o["heard_ms"] = .int(e.interrupted ? e.heardMilliseconds ?? 0 : e.audioMilliseconds)
        }
        if e.deleted { o["deleted"] = true }
        if let failure = e.failure { o["failed"] = .string(failure) }
        if let confidence = e.transcriptConfidence { o["transcript_confidence"] = .number((confidence * 1000).rounded() / 1000) }
        if e.audioMilliseconds > 0 { o["audio_ms"] = .int(e.audioMilliseconds) }
        if let r = e.responseID { o["response_id"] = .string(r) }
        if let n = e.toolName { o["name"] = .string(n) }
        if let c = e.callID { o["call_id"] = .string(c) }
        if e.fromHistory { o["from_history"] = true }
        if e.transcriptionFailed { o["transcription_failed"] = true }
        return .object(o)
    }

    private static func turnJSON(_ t: TurnMetrics) -> JSONValue {
        var o: JSONObject = [
            "response_id": .string(t.responseID), "status": .string(t.status), "reason": .optionalString(t.statusReason),
            "latency_first_audio_ms": ms(t.latencyToFirstDelta), "latency_first_audible_ms": ms(t.latencyToFirstAudible),
            "duration_ms": ms(t.responseDuration),
        ]
        if let at = t.responseCreatedAt { o["time"] = iso(at) }
        if let u = t.usage { o["usage"] = u.json }
        if let c = t.cost { o["cost_usd"] = .number(c) }
        return .object(o)
    }
}
