/// A tool the model may call. Function tools are typed; other tool kinds (MCP) are kept as JSON.
public struct ToolDefinition: Sendable, Equatable {
    /// `function` for function tools.
    public var type: String
    /// The function name.
    public var name: String
    /// What the function does, for the model.
    public var description: String?
    /// The JSON Schema of the arguments.
    public var parameters: JSONValue?
    /// Other members (for non-function tools, everything else), kept as received.
    public var extra: JSONObject

    /// Creates a function tool.
    public init(name: String, description: String? = nil, parameters: JSONValue? = nil) {
        self.type = "function"
        self.name = name
        self.description = description
        self.parameters = parameters
        self.extra = [:]
    }

    /// The wire JSON.
    public var json: JSONValue {
        var o: JSONObject = ["type": .string(type)]
        if type == "function" || !name.isEmpty { o["name"] = .string(name) }
        if let description { o["description"] = .string(description) }
        if let parameters { o["parameters"] = parameters }
        for member in extra { o[member.key] = member.value }
        return .object(o)
    }

    /// Reads a tool definition.
    public init(_ r: JSONReader) throws(ProtocolError) {
        self.type = try r.optionalString("type") ?? "function"
        self.name = try r.optionalString("name") ?? ""
        if type == "function", name.isEmpty { throw r.missing("name") }
        self.description = try r.optionalString("description")
        self.parameters = r.raw("parameters")
        var extra = r.object
        for key in ["type", "name", "description", "parameters"] { extra[key] = nil }
        self.extra = extra
    }
}

/// Which tools the model may use.
public enum ToolChoice: Sendable, Equatable {
    case auto, none, required
    /// Force one function.
    case function(name: String)
    /// Anything else, kept as received.
    case other(JSONValue)

    /// The wire JSON.
    public var json: JSONValue {
        switch self {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .function(let name): ["type": "function", "name": .string(name)]
        case .other(let value): value
        }
    }

    /// Reads a tool choice.
    public init(json: JSONValue) {
        switch json {
        case .string("auto"): self = .auto
        case .string("none"): self = .none
        case .string("required"): self = .required
        default:
            if json["type"]?.stringValue == "function", let name = json["name"]?.stringValue {
                self = .function(name: name)
            } else {
                self = .other(json)
            }
        }
    }
}

/// The most output tokens per response.
public enum MaxOutputTokens: Sendable, Equatable {
    /// No limit beyond the model's.
    case infinite
    /// 1…4096 tokens.
    case limit(Int)

    /// The wire JSON.
    public var json: JSONValue {
        switch self {
        case .infinite: "inf"
        case .limit(let n): .int(n)
        }
    }

    /// Reads `"inf"` or an integer.
    public init(json: JSONValue, reader: JSONReader, key: String) throws(ProtocolError) {
        if json.stringValue == "inf" {
            self = .infinite
        } else if let n = json.intValue {
            self = .limit(n)
        } else {
            throw reader.invalid(key, "expected an integer or \"inf\"")
        }
    }
}
