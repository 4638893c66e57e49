import Foundation

// Payloads of server events about responses and their output.
// Each reads itself from a `JSONReader` and writes its members (everything but `type` and
// `event_id`) into an object for a dialect.

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
