import Foundation

/// One item of the conversation as a person reads it: who, what was said, and what happened to it.
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

    /// The server's item id.
    public var id: String
    public var speaker: Speaker
    public var kind: Kind
    /// The text so far: the transcript (both sides), the text reply, or the call's arguments / output.
    public var text: String
    /// True while the text is still streaming.
    public var isPartial: Bool
    /// True when the user cut this reply off.
    public var interrupted: Bool = false
    /// For an interrupted reply: only the words that were heard.
    public var heardText: String?
    /// Milliseconds of audio received for the item (assistant) or spoken (user).
    public var audioMilliseconds: Int = 0
    /// For an interrupted reply: milliseconds actually heard.
    public var heardMilliseconds: Int?
    /// When the entry appeared.
    public var createdAt: Date
    /// The response that produced it (assistant items).
    public var responseID: String?
    /// Function name (function calls).
    public var toolName: String?
    /// Function call id (calls and outputs).
    public var callID: String?
    /// True when this entry was loaded from history rather than said in this call.
    public var fromHistory: Bool = false
    /// True when the transcription of the user's audio failed.
    public var transcriptionFailed: Bool = false
    /// How sure the transcription of the user's audio is, 0…1, when log-probabilities were asked for.
    public var transcriptConfidence: Double?
    /// Why the reply failed (a server error ended it, or its response failed); nil when it did not.
    public var failure: String?
    /// True when the server deleted the item (a reply cut before any of it was heard): the model no longer
    /// has it, and the record keeps it only to say so.
    public var deleted: Bool = false

    /// Creates an entry.
    public init(
        id: String, speaker: Speaker, kind: Kind = .message, text: String = "", isPartial: Bool = true, createdAt: Date = Date(),
        responseID: String? = nil
    ) {
        self.id = id
        self.speaker = speaker
        self.kind = kind
        self.text = text
        self.isPartial = isPartial
        self.createdAt = createdAt
        self.responseID = responseID
    }

    /// The text to keep in the record: the heard part of an interrupted reply, the whole text otherwise.
    public var recordText: String { interrupted ? (heardText ?? "") : text }
}
