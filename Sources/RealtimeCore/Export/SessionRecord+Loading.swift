import Foundation

extension SessionRecord {
    /// Why a saved session could not be read, in one line.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads a record from its JSON form (`schema_version` 1), as written by autosave and `--export`.
    public static func load(json: JSONValue, source: String) throws(LoadError) -> SessionRecord {
        guard let version = json["schema_version"]?.intValue else {
            throw LoadError(message: "\(source) is not an rtconsole session file (no schema_version); give a session JSON, or a .md/.txt transcript")
        }
        guard version <= schemaVersion else {
            throw LoadError(message: "\(source) has schema_version \(version), newer than this rtconsole reads (\(schemaVersion)); update rtconsole")
        }
        let started = (json["started_at"]?.stringValue).flatMap(parseDate) ?? Date()
        let dialect = json["dialect"]?.stringValue.flatMap(Dialect.init(rawValue:)) ?? .ga
        var config = SessionConfig()
        if let configJSON = json["config"], case .object(let object) = configJSON,
            let session = try? SessionObject(JSONReader(object, path: "config"), dialect: .ga)
        {
            config.apply(session)
            if let t = object["temperature"]?.doubleValue { config.temperature = t }
        }
        var record = SessionRecord(startedAt: started, endpoint: json["endpoint"]?.stringValue ?? "", dialect: dialect, config: config)
        record.api = json["api"]?.stringValue.flatMap(VoiceAPI.init(rawValue:)) ?? .realtime
        record.liveSeconds = json["live_seconds"]?.intValue
        record.endedAt = (json["ended_at"]?.stringValue).flatMap(parseDate)
        guard let items = json["items"]?.arrayValue else {
            throw LoadError(message: "\(source) has no items array; it is not a complete rtconsole session file")
        }
        for (index, item) in items.enumerated() {
            guard let role = item["role"]?.stringValue.flatMap(ConversationEntry.Speaker.init(rawValue:)) else {
                throw LoadError(message: "\(source): items[\(index)].role must be user, assistant, system or tool")
            }
            let kind = item["type"]?.stringValue.flatMap(ConversationEntry.Kind.init(rawValue:)) ?? .message
            let interrupted = item["interrupted"]?.boolValue ?? false
            let heard = Self.owned(item["text"]) ?? ""
            var entry = ConversationEntry(
                id: Self.owned(item["id"]) ?? "item_\(index)", speaker: role, kind: kind,
                text: interrupted ? (Self.owned(item["full_text"]) ?? heard) : heard, isPartial: false,
                createdAt: (item["time"]?.stringValue).flatMap(parseDate) ?? started,
                responseID: Self.owned(item["response_id"]))
            entry.interrupted = interrupted
            if interrupted {
                entry.heardText = heard
                entry.heardMilliseconds = item["heard_ms"]?.intValue
            }
            entry.audioMilliseconds = item["audio_ms"]?.intValue ?? 0
            entry.toolName = Self.owned(item["name"])
            entry.callID = Self.owned(item["call_id"])
            entry.fromHistory = item["from_history"]?.boolValue ?? false
            entry.transcriptionFailed = item["transcription_failed"]?.boolValue ?? false
            entry.deleted = item["deleted"]?.boolValue ?? false
            entry.failure = Self.owned(item["failed"])
            record.entries.append(entry)
        }
        for change in json["config_changes"]?.arrayValue ?? [] {
            record.configChanges.append(
                ConfigChange(
                    time: (change["time"]?.stringValue).flatMap(parseDate) ?? started,
                    description: change["change"]?.stringValue ?? ""))
        }
        for turn in json["turns"]?.arrayValue ?? [] {
            var t = TurnMetrics(responseID: Self.owned(turn["response_id"]) ?? "", status: turn["status"]?.stringValue ?? "completed")
            t.statusReason = turn["reason"]?.stringValue
            t.responseCreatedAt = (turn["time"]?.stringValue).flatMap(parseDate)
            if let created = t.responseCreatedAt {
                if let ms = turn["duration_ms"]?.intValue { t.doneAt = created.addingTimeInterval(Double(ms) / 1000) }
                t.speechEndedAt = created
                if let ms = turn["latency_first_audio_ms"]?.intValue { t.firstAudioDeltaAt = created.addingTimeInterval(Double(ms) / 1000) }
                if let ms = turn["latency_first_audible_ms"]?.intValue { t.firstAudibleAt = created.addingTimeInterval(Double(ms) / 1000) }
            }
            if let usage = turn["usage"]?.objectValue { t.usage = try? Usage(JSONReader(usage)) }
            t.cost = turn["cost_usd"]?.doubleValue
            record.turns.append(t)
        }
        if let usage = json["usage"]?.objectValue, let parsed = try? Usage(JSONReader(usage)) { record.usage = parsed }
        record.cost = json["cost_usd"]?.doubleValue
        return record
    }

    /// Reads a record from a file.
    public static func load(contentsOf url: URL) throws(LoadError) -> SessionRecord {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw LoadError(message: "cannot read \(url.path): the file does not exist or is not UTF-8 text")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw LoadError(message: "\(url.path) is not valid JSON (\(error.message) at byte \(error.offset))")
        }
        return try load(json: json, source: url.path)
    }

    /// A string of the document as a copy with storage of its own.
    ///
    /// What a record keeps is copied out of the parsed document rather than shared with it, so that once
    /// the document is freed none of its memory stays pinned among what is kept: a history of an hour's
    /// 1,200 items otherwise leaves megabytes of the parse's freed blocks scattered between the kept texts,
    /// which the allocator can neither reuse in bulk nor give back.
    static func owned(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue else { return nil }
        let count = text.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in buffer.initialize(fromContentsOf: text.utf8) }
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)) {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
