/// An item of the conversation: a message, a function call or a function call's output.
public struct ConversationItem: Sendable, Equatable {
    /// The kind of item.
    public enum ItemType: Sendable, Equatable {
        case message
        case functionCall
        case functionCallOutput
        /// Another item type (MCP calls and the like), kept as received.
        case other(String)

        /// The wire name.
        public var name: String {
            switch self {
            case .message: "message"
            case .functionCall: "function_call"
            case .functionCallOutput: "function_call_output"
            case .other(let name): name
            }
        }

        init(name: String) {
            switch name {
            case "message": self = .message
            case "function_call": self = .functionCall
            case "function_call_output": self = .functionCallOutput
            default: self = .other(name)
            }
        }
    }

    /// Who a message is from.
    public enum Role: String, Sendable, Equatable {
        case user, assistant, system
    }

    /// An item's lifecycle state.
    public enum Status: String, Sendable, Equatable {
        case completed, incomplete
        case inProgress = "in_progress"
    }

    public var id: String?
    public var type: ItemType
    public var role: Role?
    public var status: Status?
    public var content: [ContentPart]?
    public var callID: String?
    public var name: String?
    public var arguments: String?
    public var output: String?
    /// Members this model does not know, kept as received.
    public var extra: JSONObject

    /// Creates an item.
    public init(
        id: String? = nil, type: ItemType = .message, role: Role? = nil, status: Status? = nil, content: [ContentPart]? = nil,
        callID: String? = nil, name: String? = nil, arguments: String? = nil, output: String? = nil, extra: JSONObject = [:]
    ) {
        self.id = id
        self.type = type
        self.role = role
        self.status = status
        self.content = content
        self.callID = callID
        self.name = name
        self.arguments = arguments
        self.output = output
        self.extra = extra
    }

    /// A user text message.
    public static func userText(_ text: String, id: String? = nil) -> ConversationItem {
        ConversationItem(id: id, role: .user, content: [.inputText(text)])
    }

    /// An assistant text message (how assistant history is loaded: audio cannot be injected).
    public static func assistantText(_ text: String, id: String? = nil) -> ConversationItem {
        ConversationItem(id: id, role: .assistant, content: [.assistantText(text)])
    }

    /// A system text message.
    public static func systemText(_ text: String, id: String? = nil) -> ConversationItem {
        ConversationItem(id: id, role: .system, content: [.inputText(text)])
    }

    /// The output of a function call.
    public static func functionOutput(callID: String, output: String) -> ConversationItem {
        ConversationItem(type: .functionCallOutput, callID: callID, output: output)
    }

    /// The wire JSON. `object` is written when `includeObject` (servers do, clients don't).
    public func json(_ dialect: Dialect, includeObject: Bool = false) -> JSONValue {
        var o: JSONObject = [:]
        if let id { o["id"] = .string(id) }
        if includeObject { o["object"] = "realtime.item" }
        o["type"] = .string(type.name)
        if let status { o["status"] = .string(status.rawValue) }
        if let role { o["role"] = .string(role.rawValue) }
        if let content { o["content"] = .array(content.map { $0.json(dialect, .item) }) }
        if let callID { o["call_id"] = .string(callID) }
        if let name { o["name"] = .string(name) }
        if let arguments { o["arguments"] = .string(arguments) }
        if let output { o["output"] = .string(output) }
        for member in extra where o[member.key] == nil { o[member.key] = member.value }
        return .object(o)
    }

    static let knownKeys: Set<String> = ["id", "object", "type", "status", "role", "content", "call_id", "name", "arguments", "output"]

    /// Reads an item in either dialect.
    public init(_ r: JSONReader) throws(ProtocolError) {
        id = try r.optionalString("id")
        type = ItemType(name: try r.optionalString("type") ?? "message")
        if let roleName = try r.optionalString("role") {
            guard let role = Role(rawValue: roleName) else { throw r.invalid("role", "'\(roleName)' is not user, assistant or system") }
            self.role = role
        } else {
            role = nil
        }
        if let statusName = try r.optionalString("status") {
            guard let status = Status(rawValue: statusName) else { throw r.invalid("status", "'\(statusName)' is not a known item status") }
            self.status = status
        } else {
            status = nil
        }
        content = try r.optionalArray("content") { (part: JSONReader) throws(ProtocolError) in try ContentPart(part) }
        callID = try r.optionalString("call_id")
        name = try r.optionalString("name")
        arguments = try r.optionalString("arguments")
        output = try r.optionalString("output")
        var extra: JSONObject = [:]
        for member in r.object where !Self.knownKeys.contains(member.key) { extra[member.key] = member.value }
        self.extra = extra
    }

    /// The text a person would read for this item: text parts, audio transcripts, call arguments or output.
    public var displayText: String {
        switch type {
        case .functionCall: return "\(name ?? "function")(\(arguments ?? ""))"
        case .functionCallOutput: return output ?? ""
        default:
            return (content ?? []).compactMap { $0.text ?? $0.transcript }.joined(separator: " ")
        }
    }
}
