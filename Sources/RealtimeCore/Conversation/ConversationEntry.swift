import Foundation

/// One item of the conversation as a person reads it: who, what was said, and what happened to it.
///
/// An entry is a value whose fields live in one shared box, copied on the first change made through a
/// copy (as an array shares its buffer). Copying an entry is a single retain, so copying a whole
/// conversation is cheap: the session's conversation shares its entries with the record an autosave is
/// writing, and the next change on the event loop (a transcript delta, a barge-in's truncation) copies the
/// array of entries at once. With the fields inline, that copy retained every string of every entry: about
/// 0.7 ms on the loop for a 2,000-entry history, measured in figure 7's barge-ins.
public struct ConversationEntry: Sendable, Equatable, Identifiable {
    /// Who an entry is from.
    public enum Speaker: String, Sendable, Equatable, Codable {
        case user, assistant, system, tool
    }

    /// What kind of item this is.
    public enum Kind: String, Sendable, Equatable, Codable {
        case message
        case functionCall = "function_call"
        case functionOutput = "function_call_output"
        case other
    }

    private var storage: Storage

    /// The fields for reading, and for changing in place once the box is this entry's alone.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// The server's item id.
    public var id: String {
        get { fields.id }
        set { fields.id = newValue }
    }
    public var speaker: Speaker {
        get { fields.speaker }
        set { fields.speaker = newValue }
    }
    public var kind: Kind {
        get { fields.kind }
        set { fields.kind = newValue }
    }
    /// The text so far: the transcript (both sides), the text reply, or the call's arguments / output.
    public var text: String {
        get { fields.text }
        set { fields.text = newValue }
    }
    /// True while the text is still streaming.
    public var isPartial: Bool {
        get { fields.isPartial }
        set { fields.isPartial = newValue }
    }
    /// True when the user cut this reply off.
    public var interrupted: Bool {
        get { fields.interrupted }
        set { fields.interrupted = newValue }
    }
    /// For an interrupted reply: only the words that were heard.
    public var heardText: String? {
        get { fields.heardText }
        set { fields.heardText = newValue }
    }
    /// Milliseconds of audio received for the item (assistant) or spoken (user).
    public var audioMilliseconds: Int {
        get { fields.audioMilliseconds }
        set { fields.audioMilliseconds = newValue }
    }
    /// For an interrupted reply: milliseconds actually heard.
    public var heardMilliseconds: Int? {
        get { fields.heardMilliseconds }
        set { fields.heardMilliseconds = newValue }
    }
    /// When the entry appeared.
    public var createdAt: Date {
        get { fields.createdAt }
        set { fields.createdAt = newValue }
    }
    /// The response that produced it (assistant items).
    public var responseID: String? {
        get { fields.responseID }
        set { fields.responseID = newValue }
    }
    /// Function name (function calls).
    public var toolName: String? {
        get { fields.toolName }
        set { fields.toolName = newValue }
    }
    /// Function call id (calls and outputs).
    public var callID: String? {
        get { fields.callID }
        set { fields.callID = newValue }
    }
    /// True when this entry was loaded from history rather than said in this call.
    public var fromHistory: Bool {
        get { fields.fromHistory }
        set { fields.fromHistory = newValue }
    }
    /// True when the transcription of the user's audio failed.
    public var transcriptionFailed: Bool {
        get { fields.transcriptionFailed }
        set { fields.transcriptionFailed = newValue }
    }
    /// How sure the transcription of the user's audio is, 0…1, when log-probabilities were asked for.
    public var transcriptConfidence: Double? {
        get { fields.transcriptConfidence }
        set { fields.transcriptConfidence = newValue }
    }
    /// Why the reply failed (a server error ended it, or its response failed); nil when it did not.
    public var failure: String? {
        get { fields.failure }
        set { fields.failure = newValue }
    }
    /// True when the server deleted the item (a reply cut before any of it was heard): the model no longer
    /// has it, and the record keeps it only to say so.
    public var deleted: Bool {
        get { fields.deleted }
        set { fields.deleted = newValue }
    }

    /// Creates an entry.
    public init(
        id: String, speaker: Speaker, kind: Kind = .message, text: String = "", isPartial: Bool = true, createdAt: Date = Date(),
        responseID: String? = nil
    ) {
        storage = Storage(
            Fields(id: id, speaker: speaker, kind: kind, text: text, isPartial: isPartial, createdAt: createdAt, responseID: responseID))
    }

    /// The text to keep in the record: the heard part of an interrupted reply, the whole text otherwise.
    public var recordText: String { interrupted ? (heardText ?? "") : text }

    public static func == (lhs: ConversationEntry, rhs: ConversationEntry) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }
}

extension ConversationEntry {
    /// The values of an entry, documented on its properties.
    fileprivate struct Fields: Equatable {
        var id: String
        var speaker: Speaker
        var kind: Kind
        var text: String
        var isPartial: Bool
        var interrupted = false
        var heardText: String?
        var audioMilliseconds = 0
        var heardMilliseconds: Int?
        var createdAt: Date
        var responseID: String?
        var toolName: String?
        var callID: String?
        var fromHistory = false
        var transcriptionFailed = false
        var transcriptConfidence: Double?
        var failure: String?
        var deleted = false
    }

    /// The box the fields of one or more equal entries live in.
    ///
    /// Why unchecked sendability is safe here: the box is written only through `ConversationEntry.fields`'s modify
    /// accessor, which first replaces a box that any other value still holds (`isKnownUniquelyReferenced`)
    /// with a copy of its own. So a box two values, and hence perhaps two threads, can reach is never
    /// written again, only read, as with the buffer of an array.
    fileprivate final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}
