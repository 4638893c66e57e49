import Foundation

// Payloads of server events about the session, errors and conversation items.
// Each reads itself from a `JSONReader` and writes its members (everything but `type` and
// `event_id`) into an object for a dialect.

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
