import Foundation

/// Answers the model's function calls: a canned output, or a command run with the arguments on stdin.
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
            return await Self.runCommand(command, name: name, arguments: arguments, timeout: timeout)
        }
    }

    static func errorOutput(_ message: String) -> String {
        JSONWriter.compact(["error": .string(message)])
    }

    static func runCommand(_ command: String, name: String, arguments: String, timeout: Duration) async -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["RTCONSOLE_TOOL_NAME"] = name
        environment["RTCONSOLE_TOOL_ARGUMENTS"] = arguments
        for key in ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] { environment[key] = nil }
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            finished.continuation.yield()
            finished.continuation.finish()
        }
        do {
            try process.run()
        } catch {
            return errorOutput("the command for \(name) could not start: \(FileErrorReason.of(error))")
        }
        PipeReader.writeAll(Data(arguments.utf8), to: stdin.fileHandleForWriting)
        try? stdin.fileHandleForWriting.close()
        let output = OutputCollector(stdout.fileHandleForReading, stderr.fileHandleForReading)
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in finished.stream {}
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return true
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if timedOut {
            process.terminate()
            return errorOutput("the command for \(name) did not finish within \(timeout.components.seconds) s and was stopped")
        }
        let (out, err) = await output.result()
        if process.terminationStatus != 0 {
            let detail = err.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
            return errorOutput("the command for \(name) failed with exit status \(process.terminationStatus)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        let text = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "{}" : text
    }
}

/// Reads a process's output and error streams on GCD threads (never the cooperative pool).
final class OutputCollector: Sendable {
    private let done: Task<(String, String), Never>

    init(_ out: FileHandle, _ err: FileHandle) {
        done = Task {
            async let o = Self.read(out)
            async let e = Self.read(err)
            return await (o, e)
        }
    }

    static func read(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = PipeReader.readAll(handle)
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }

    func result() async -> (String, String) { await done.value }
}
