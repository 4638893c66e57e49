import Foundation
import Synchronization

/// Answers the model's function calls: a canned output, or a command run with the arguments on stdin
/// (see ``ToolCommand``).
///
/// A command that fails, cannot start or outruns its timeout gives the model an error output
/// (`{"error": "…"}`) rather than silence, so the reply can go on.
public struct ToolRunner: Sendable {
    public var tools: [LocalTool]

    /// Creates a runner for some tools.
    public init(tools: [LocalTool]) { self.tools = tools }

    /// The tool definitions to declare in the session.
    public var definitions: [ToolDefinition] { tools.map(\.definition) }

    /// Runs a call and returns the output string for `function_call_output`.
    public func run(name: String, arguments: String) async -> String {
        guard let tool = tools.first(where: { $0.definition.name == name }) else {
            return Self.errorOutput("no tool named \(name) is configured")
        }
        switch tool.handler {
        case .canned(let output):
            return output
        case .command(let command, let timeout):
            return await ToolCommand(command: command, name: name, timeout: timeout).run(arguments: arguments)
        }
    }

    /// Ends every tool command still running, with everything it started (at the end of a call).
    public static func stopAll() {
        for group in ToolCommand.runningGroups.withLock({ $0 }) { ToolCommand.end(group: group) }
    }

    static func errorOutput(_ message: String) -> String {
        JSONWriter.compact(["error": .string(message)])
    }
}
