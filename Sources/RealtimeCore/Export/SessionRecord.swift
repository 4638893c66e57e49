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

    /// The record as JSON.
    public var json: JSONValue {
        var configJSON = config.sessionObject(for: .ga).json(.ga)
        if case .object(var o) = configJSON {
            o["temperature"] = .number(config.temperature)
            configJSON = .object(o)
        }
        let items: [JSONValue] = entries.map { e in
            var o: JSONObject = [
                "id": .string(e.id), "role": .string(e.speaker.rawValue), "type": .string(e.kind.rawValue), "time": Self.iso(e.createdAt),
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
        let turnsJSON: [JSONValue] = turns.map { t in
            var o: JSONObject = [
                "response_id": .string(t.responseID), "status": .string(t.status), "reason": .optionalString(t.statusReason),
                "latency_first_audio_ms": Self.ms(t.latencyToFirstDelta), "latency_first_audible_ms": Self.ms(t.latencyToFirstAudible),
                "duration_ms": Self.ms(t.responseDuration),
            ]
            if let at = t.responseCreatedAt { o["time"] = Self.iso(at) }
            if let u = t.usage { o["usage"] = u.json }
            if let c = t.cost { o["cost_usd"] = .number(c) }
            return .object(o)
        }
        var o: JSONObject = [
            "schema_version": .int(Self.schemaVersion), "generator": "rtconsole", "started_at": Self.iso(startedAt),
            "ended_at": endedAt.map(Self.iso) ?? .null, "endpoint": .string(endpoint), "dialect": .string(dialect.rawValue), "config": configJSON,
        ]
        if api == .live {
            o["api"] = .string(api.rawValue)
            o["live_seconds"] = .int(liveSeconds ?? 0)
        }
        o["config_changes"] = .array(configChanges.map { ["time": Self.iso($0.time), "change": .string($0.description)] })
        o["items"] = .array(items)
        o["turns"] = .array(turnsJSON)
        o["usage"] = usage.json
        o["cost_usd"] = cost.map(JSONValue.number) ?? .null
        return .object(o)
    }
}
