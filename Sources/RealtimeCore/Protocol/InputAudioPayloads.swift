import Foundation

// Payloads of server events about the input audio buffer and its transcription.
// Each reads itself from a `JSONReader` and writes its members (everything but `type` and
// `event_id`) into an object for a dialect.

/// `conversation.item.input_audio_transcription.delta`.
public struct TranscriptionDeltaEvent: Sendable, Equatable {
    public var itemID: String
    public var contentIndex: Int?
    public var delta: String?
    public var logprobs: JSONValue?
    public init(itemID: String, contentIndex: Int? = 0, delta: String?) {
        self.itemID = itemID
        self.contentIndex = contentIndex
        self.delta = delta
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        contentIndex = try r.optionalInt("content_index")
        delta = try r.optionalString("delta")
        logprobs = r.raw("logprobs")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["item_id"] = .string(itemID)
        if let contentIndex { o["content_index"] = .int(contentIndex) }
        if let delta { o["delta"] = .string(delta) }
        if let logprobs { o["logprobs"] = logprobs }
    }
}

/// `conversation.item.input_audio_transcription.completed`.
public struct TranscriptionCompletedEvent: Sendable, Equatable {
    public var itemID: String
    public var contentIndex: Int
    public var transcript: String
    /// `{"type":"tokens",…}` or `{"type":"duration","seconds":…}`.
    public var usage: JSONValue
    public var logprobs: JSONValue?
    public var languages: JSONValue?

    /// How sure the transcription is, 0…1: the geometric mean of its tokens' probabilities (nil without
    /// `logprobs`, which `include: ["item.input_audio_transcription.logprobs"]` asks for).
    public var confidence: Double? {
        let values = logprobs?.arrayValue?.compactMap { $0["logprob"]?.doubleValue } ?? []
        guard !values.isEmpty else { return nil }
        return exp(values.reduce(0, +) / Double(values.count))
    }
    public init(itemID: String, contentIndex: Int = 0, transcript: String, usage: JSONValue) {
        self.itemID = itemID
        self.contentIndex = contentIndex
        self.transcript = transcript
        self.usage = usage
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        contentIndex = try r.optionalInt("content_index") ?? 0
        transcript = try r.string("transcript")
        usage = r.raw("usage") ?? .null
        logprobs = r.raw("logprobs")
        languages = r.raw("languages")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["item_id"] = .string(itemID)
        o["content_index"] = .int(contentIndex)
        o["transcript"] = .string(transcript)
        o["usage"] = usage
        if let logprobs { o["logprobs"] = logprobs }
        if d == .ga, let languages { o["languages"] = languages }
    }
}

/// `conversation.item.input_audio_transcription.failed`.
public struct TranscriptionFailedEvent: Sendable, Equatable {
    public var itemID: String
    public var contentIndex: Int
    public var error: ErrorDetail
    public init(itemID: String, contentIndex: Int = 0, error: ErrorDetail) {
        self.itemID = itemID
        self.contentIndex = contentIndex
        self.error = error
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        contentIndex = try r.optionalInt("content_index") ?? 0
        error = try ErrorDetail(r.object("error"))
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["item_id"] = .string(itemID)
        o["content_index"] = .int(contentIndex)
        o["error"] = error.json
    }
}

/// GA `conversation.item.input_audio_transcription.segment` (diarization).
public struct TranscriptionSegmentEvent: Sendable, Equatable {
    public var itemID: String
    public var contentIndex: Int
    public var id: String
    public var text: String
    public var speaker: String
    public var start: Double
    public var end: Double
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        contentIndex = try r.optionalInt("content_index") ?? 0
        id = try r.string("id")
        text = try r.string("text")
        speaker = try r.string("speaker")
        start = try r.double("start")
        end = try r.double("end")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["item_id"] = .string(itemID)
        o["content_index"] = .int(contentIndex)
        o["id"] = .string(id)
        o["text"] = .string(text)
        o["speaker"] = .string(speaker)
        o["start"] = .number(start)
        o["end"] = .number(end)
    }
}

/// `input_audio_buffer.speech_started` (`audio_start_ms`) and `.speech_stopped` (`audio_end_ms`).
public struct SpeechEvent: Sendable, Equatable {
    public var itemID: String
    /// Milliseconds on the session's input-audio timeline.
    public var audioMs: Int
    public init(itemID: String, audioMs: Int) {
        self.itemID = itemID
        self.audioMs = audioMs
    }
    init(_ r: JSONReader, key: String) throws(ProtocolError) {
        itemID = try r.string("item_id")
        audioMs = try r.int(key)
    }
    func write(_ o: inout JSONObject, key: String) {
        o[key] = .int(audioMs)
        o["item_id"] = .string(itemID)
    }
}

/// `input_audio_buffer.committed`.
public struct BufferCommittedEvent: Sendable, Equatable {
    public var itemID: String
    public var previousItemID: String?
    public init(itemID: String, previousItemID: String?) {
        self.itemID = itemID
        self.previousItemID = previousItemID
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        previousItemID = try r.optionalString("previous_item_id")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["previous_item_id"] = .optionalString(previousItemID)
        o["item_id"] = .string(itemID)
    }
}

/// GA `input_audio_buffer.timeout_triggered`.
public struct TimeoutTriggeredEvent: Sendable, Equatable {
    public var itemID: String
    public var audioStartMs: Int
    public var audioEndMs: Int
    public init(itemID: String, audioStartMs: Int, audioEndMs: Int) {
        self.itemID = itemID
        self.audioStartMs = audioStartMs
        self.audioEndMs = audioEndMs
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        audioStartMs = try r.int("audio_start_ms")
        audioEndMs = try r.int("audio_end_ms")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["audio_start_ms"] = .int(audioStartMs)
        o["audio_end_ms"] = .int(audioEndMs)
        o["item_id"] = .string(itemID)
    }
}

/// GA `input_audio_buffer.dtmf_event_received` (SIP; carries no `event_id`).
public struct DTMFEvent: Sendable, Equatable {
    public var event: String
    public var receivedAt: Int
    init(_ r: JSONReader) throws(ProtocolError) {
        event = try r.string("event")
        receivedAt = try r.int("received_at")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["event"] = .string(event)
        o["received_at"] = .int(receivedAt)
    }
}
