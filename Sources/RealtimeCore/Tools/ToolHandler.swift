import Foundation

/// How a declared tool is answered.
public enum ToolHandler: Sendable, Equatable {
    /// Always this output (a JSON string).
    case canned(String)
    /// Run this shell command with the arguments JSON on standard input; its standard output is the result.
    case command(String, timeout: Duration)
}

/// A tool the model may call, and how rtconsole answers it.
public struct LocalTool: Sendable, Equatable {
    public var definition: ToolDefinition
    public var handler: ToolHandler

    /// Creates a tool.
    public init(definition: ToolDefinition, handler: ToolHandler) {
        self.definition = definition
        self.handler = handler
    }
}
