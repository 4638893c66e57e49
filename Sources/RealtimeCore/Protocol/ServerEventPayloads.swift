import Foundation

// Payloads of server events. Each reads itself from a `JSONReader` and writes its members
// (everything but `type` and `event_id`) into an object for a dialect.

/// `error`.
public struct ErrorEvent: Sendable, Equatable {
    public var error: ErrorDetail
    public init(error: ErrorDetail) { self.error = error }
    init(_ r: JSONReader) throws(ProtocolError) { error = try ErrorDetail(r.object("error")) }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["error"] = error.json }
}

/// `session.created`, `session.updated`.
public struct SessionEvent: Sendable, Equatable {
    public var session: SessionObject
    public init(session: SessionObject) { self.session = session }
    init(_ r: JSONReader, _ d: Dialect) throws(ProtocolError) { session = try SessionObject(r.object("session"), dialect: d) }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["session"] = session.json(d) }
}

/// An event whose payload is kept as JSON (`conversation.created`, beta `transcription_session.updated`).
public struct JSONPayloadEvent: Sendable, Equatable {
    /// The members other than `type` and `event_id`.
    public var members: JSONObject
    public init(members: JSONObject) { self.members = members }
    init(_ r: JSONReader) {
        var m = r.object
        m["type"] = nil
        m["event_id"] = nil
        members = m
    }
    func write(_ o: inout JSONObject, _ d: Dialect) { for m in members { o[m.key] = m.value } }
}

/// `conversation.item.added`, `.done`, `.created`, `.retrieved`.
public struct ItemEvent: Sendable, Equatable {
    public var item: ConversationItem
    /// The item this one follows; `.null` for the first item; nil when not sent.
    public var previousItemID: Nullable<String>?
    public init(item: ConversationItem, previousItemID: Nullable<String>? = nil) {
        self.item = item
        self.previousItemID = previousItemID
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        item = try ConversationItem(r.object("item"))
        if let p = r.raw("previous_item_id") { previousItemID = p.isNull ? .null : .value(try r.string("previous_item_id")) }
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        if let previousItemID { o["previous_item_id"] = .optionalString(previousItemID.value) }
        o["item"] = item.json(d, includeObject: true)
    }
}

/// `conversation.item.deleted`.
public struct ItemIDEvent: Sendable, Equatable {
    public var itemID: String
    public init(itemID: String) { self.itemID = itemID }
    init(_ r: JSONReader) throws(ProtocolError) { itemID = try r.string("item_id") }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["item_id"] = .string(itemID) }
}

/// `conversation.item.truncated`.
public struct ItemTruncatedEvent: Sendable, Equatable {
    public var itemID: String
    public var contentIndex: Int
    public var audioEndMs: Int
    public init(itemID: String, contentIndex: Int, audioEndMs: Int) {
        self.itemID = itemID
        self.contentIndex = contentIndex
        self.audioEndMs = audioEndMs
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        contentIndex = try r.int("content_index")
        audioEndMs = try r.int("audio_end_ms")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["item_id"] = .string(itemID)
        o["content_index"] = .int(contentIndex)
        o["audio_end_ms"] = .int(audioEndMs)
    }
}

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

/// `output_audio_buffer.started` / `.stopped` / `.cleared` (WebRTC/SIP).
public struct ResponseIDEvent: Sendable, Equatable {
    public var responseID: String
    public init(responseID: String) { self.responseID = responseID }
    init(_ r: JSONReader) throws(ProtocolError) { responseID = try r.string("response_id") }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["response_id"] = .string(responseID) }
}

/// `response.created`, `response.done`.
public struct ResponseEvent: Sendable, Equatable {
    public var response: ResponseObject
    public init(response: ResponseObject) { self.response = response }
    init(_ r: JSONReader) throws(ProtocolError) { response = try ResponseObject(r.object("response")) }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["response"] = response.json(d) }
}

/// `response.output_item.added`, `.done`.
public struct OutputItemEvent: Sendable, Equatable {
    public var responseID: String
    public var outputIndex: Int
    public var item: ConversationItem
    public init(responseID: String, outputIndex: Int, item: ConversationItem) {
        self.responseID = responseID
        self.outputIndex = outputIndex
        self.item = item
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        responseID = try r.string("response_id")
        outputIndex = try r.int("output_index")
        item = try ConversationItem(r.object("item"))
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["response_id"] = .string(responseID)
        o["output_index"] = .int(outputIndex)
        o["item"] = item.json(d, includeObject: true)
    }
}

/// Where a piece of response content sits: response, item, output and content index.
public struct ContentLocation: Sendable, Equatable, Hashable {
    public var responseID: String
    public var itemID: String
    public var outputIndex: Int
    public var contentIndex: Int
    public init(responseID: String, itemID: String, outputIndex: Int = 0, contentIndex: Int = 0) {
        self.responseID = responseID
        self.itemID = itemID
        self.outputIndex = outputIndex
        self.contentIndex = contentIndex
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        responseID = try r.string("response_id")
        itemID = try r.string("item_id")
        outputIndex = try r.int("output_index")
        contentIndex = try r.int("content_index")
    }
    func write(_ o: inout JSONObject) {
        o["response_id"] = .string(responseID)
        o["item_id"] = .string(itemID)
        o["output_index"] = .int(outputIndex)
        o["content_index"] = .int(contentIndex)
    }
}

/// `response.content_part.added`, `.done`.
public struct ContentPartEvent: Sendable, Equatable {
    public var location: ContentLocation
    public var part: ContentPart
    public init(location: ContentLocation, part: ContentPart) {
        self.location = location
        self.part = part
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        location = try ContentLocation(r)
        part = try ContentPart(r.object("part"))
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        location.write(&o)
        o["part"] = part.json(d, .partEvent)
    }
}

/// Streaming deltas: output text, output audio (base64), output audio transcript.
public struct ContentDeltaEvent: Sendable, Equatable {
    public var location: ContentLocation
    public var delta: String
    public init(location: ContentLocation, delta: String) {
        self.location = location
        self.delta = delta
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        location = try ContentLocation(r)
        delta = try r.string("delta")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        location.write(&o)
        o["delta"] = .string(delta)
    }
}

/// Ends of streamed content: text (`text`), audio (no payload), transcript (`transcript`).
public struct ContentDoneEvent: Sendable, Equatable {
    public var location: ContentLocation
    /// The full text or transcript; nil for audio.
    public var value: String?
    public init(location: ContentLocation, value: String?) {
        self.location = location
        self.value = value
    }
    init(_ r: JSONReader, key: String?) throws(ProtocolError) {
        location = try ContentLocation(r)
        value = try key.map { (k: String) throws(ProtocolError) in try r.string(k) }
    }
    func write(_ o: inout JSONObject, key: String?) {
        location.write(&o)
        if let key { o[key] = .string(value ?? "") }
    }
}

/// `response.function_call_arguments.delta`.
public struct FunctionArgumentsDeltaEvent: Sendable, Equatable {
    public var responseID: String
    public var itemID: String
    public var outputIndex: Int
    public var callID: String
    public var delta: String
    public init(responseID: String, itemID: String, outputIndex: Int, callID: String, delta: String) {
        self.responseID = responseID
        self.itemID = itemID
        self.outputIndex = outputIndex
        self.callID = callID
        self.delta = delta
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        responseID = try r.string("response_id")
        itemID = try r.string("item_id")
        outputIndex = try r.int("output_index")
        callID = try r.string("call_id")
        delta = try r.string("delta")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["response_id"] = .string(responseID)
        o["item_id"] = .string(itemID)
        o["output_index"] = .int(outputIndex)
        o["call_id"] = .string(callID)
        o["delta"] = .string(delta)
    }
}

/// `response.function_call_arguments.done` (GA adds `name`).
public struct FunctionArgumentsDoneEvent: Sendable, Equatable {
    public var responseID: String
    public var itemID: String
    public var outputIndex: Int
    public var callID: String
    public var arguments: String
    public var name: String?
    public init(responseID: String, itemID: String, outputIndex: Int, callID: String, arguments: String, name: String?) {
        self.responseID = responseID
        self.itemID = itemID
        self.outputIndex = outputIndex
        self.callID = callID
        self.arguments = arguments
        self.name = name
    }
    init(_ r: JSONReader) throws(ProtocolError) {
        responseID = try r.string("response_id")
        itemID = try r.string("item_id")
        outputIndex = try r.int("output_index")
        callID = try r.string("call_id")
        arguments = try r.string("arguments")
        name = try r.optionalString("name")
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        o["response_id"] = .string(responseID)
        o["item_id"] = .string(itemID)
        o["output_index"] = .int(outputIndex)
        o["call_id"] = .string(callID)
        if d == .ga { o["name"] = .string(name ?? "") }
        o["arguments"] = .string(arguments)
    }
}

/// `rate_limits.updated`.
public struct RateLimitsEvent: Sendable, Equatable {
    public var rateLimits: [RateLimit]
    public init(rateLimits: [RateLimit]) { self.rateLimits = rateLimits }
    init(_ r: JSONReader) throws(ProtocolError) {
        rateLimits = try r.array("rate_limits") { (l: JSONReader) throws(ProtocolError) in try RateLimit(l) }
    }
    func write(_ o: inout JSONObject, _ d: Dialect) { o["rate_limits"] = .array(rateLimits.map(\.json)) }
}

/// GA MCP events (`mcp_list_tools.*`, `response.mcp_call*`): the common ids typed, the rest kept.
public struct MCPEvent: Sendable, Equatable {
    public var itemID: String
    public var outputIndex: Int?
    public var responseID: String?
    /// Other members (`delta`, `arguments`, `obfuscation`), kept as received.
    public var extra: JSONObject
    init(_ r: JSONReader) throws(ProtocolError) {
        itemID = try r.string("item_id")
        outputIndex = try r.optionalInt("output_index")
        responseID = try r.optionalString("response_id")
        var extra = r.object
        for key in ["type", "event_id", "item_id", "output_index", "response_id"] { extra[key] = nil }
        self.extra = extra
    }
    func write(_ o: inout JSONObject, _ d: Dialect) {
        if let responseID { o["response_id"] = .string(responseID) }
        o["item_id"] = .string(itemID)
        if let outputIndex { o["output_index"] = .int(outputIndex) }
        for m in extra { o[m.key] = m.value }
    }
}
