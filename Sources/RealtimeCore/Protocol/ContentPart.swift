/// One piece of content inside a message item, with the dialect spellings normalised.
public struct ContentPart: Sendable, Equatable {
    /// What the content is.
    public enum Kind: Sendable, Equatable {
        /// User or system text (`input_text`).
        case inputText
        /// User audio (`input_audio`).
        case inputAudio
        /// User image (`input_image`).
        case inputImage
        /// Assistant text (GA `output_text` in items, `text` in content-part events; beta `text`).
        case text
        /// Assistant audio (GA `output_audio` in items, `audio` in content-part events; beta `audio`).
        case audio
        /// A reference to an existing item (`item_reference`).
        case itemReference
        /// A type this model does not know, kept as received.
        case other(String)
    }

    /// Where a content part is written: GA spells assistant content differently inside items and in part events.
    public enum Placement: Sendable {
        case item, partEvent
    }

    public var kind: Kind
    public var text: String?
    /// Base64 audio (input audio, or audio in a retrieved item).
    public var audio: String?
    public var transcript: String?
    public var imageURL: String?
    public var detail: String?
    /// The referenced item id for `item_reference`.
    public var id: String?

    /// Creates a content part.
    public init(
        kind: Kind, text: String? = nil, audio: String? = nil, transcript: String? = nil, imageURL: String? = nil,
        detail: String? = nil, id: String? = nil
    ) {
        self.kind = kind
        self.text = text
        self.audio = audio
        self.transcript = transcript
        self.imageURL = imageURL
        self.detail = detail
        self.id = id
    }

    /// User or system text.
    public static func inputText(_ text: String) -> ContentPart { ContentPart(kind: .inputText, text: text) }
    /// Assistant text.
    public static func assistantText(_ text: String) -> ContentPart { ContentPart(kind: .text, text: text) }

    /// The wire `type` string for a dialect and placement.
    public func typeName(_ dialect: Dialect, _ placement: Placement) -> String {
        switch kind {
        case .inputText: "input_text"
        case .inputAudio: "input_audio"
        case .inputImage: "input_image"
        case .itemReference: "item_reference"
        case .text: dialect == .ga && placement == .item ? "output_text" : "text"
        case .audio: dialect == .ga && placement == .item ? "output_audio" : "audio"
        case .other(let name): name
        }
    }

    /// The wire JSON. Fields are written when set; audio parts carry `transcript` even when null, as the service does.
    public func json(_ dialect: Dialect, _ placement: Placement = .item) -> JSONValue {
        var o: JSONObject = ["type": .string(typeName(dialect, placement))]
        if let id { o["id"] = .string(id) }
        if let text { o["text"] = .string(text) }
        if let audio { o["audio"] = .string(audio) }
        if kind == .audio || kind == .inputAudio {
            o["transcript"] = .optionalString(transcript)
        } else if let transcript {
            o["transcript"] = .string(transcript)
        }
        if let imageURL { o["image_url"] = .string(imageURL) }
        if let detail { o["detail"] = .string(detail) }
        return .object(o)
    }

    /// Reads a content part in either dialect's spelling.
    public init(_ r: JSONReader) throws(ProtocolError) {
        switch try r.string("type") {
        case "input_text": kind = .inputText
        case "input_audio": kind = .inputAudio
        case "input_image": kind = .inputImage
        case "text", "output_text": kind = .text
        case "audio", "output_audio": kind = .audio
        case "item_reference": kind = .itemReference
        case let other: kind = .other(other)
        }
        text = try r.optionalString("text")
        audio = try r.optionalString("audio")
        transcript = try r.optionalString("transcript")
        imageURL = try r.optionalString("image_url")
        detail = try r.optionalString("detail")
        id = try r.optionalString("id")
    }
}
