import Foundation
import Synchronization

/// Runs one tool command: `/bin/sh -c COMMAND` in a process group of its own, with the arguments JSON on
/// standard input and in a file named by `RTCONSOLE_TOOL_ARGUMENTS_FILE`, and the tool's name in
/// `RTCONSOLE_TOOL_NAME`.
///
/// The call ends when the shell exits (or the timeout passes); then the whole group ends too, so nothing the
/// tool started in the background outlives the call. Its output is read from files once it exited. Standard
/// input is fed from a thread of its own, so a tool that never reads it cannot block anything. Keys are
/// removed from the tool's environment.
struct ToolCommand {
    let command: String
    let name: String
    let timeout: Duration

    /// Process groups of the tools running now, ended by ``ToolRunner/stopAll()``.
    static let runningGroups = Mutex<Set<Int32>>([])

    /// Runs the command and returns its output for `function_call_output` (or an `{"error": …}` output).
    func run(arguments: String) async -> String {
        let argumentsFile = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-tool-\(UUID().uuidString).json")
        let input = Data(arguments.utf8)
        guard await Self.onWorkerThread({ (try? input.write(to: argumentsFile)) != nil }) else {
            return ToolRunner.errorOutput("the arguments for \(name) could not be written to \(argumentsFile.path)")
        }
        defer { Self.removeLater(argumentsFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["RTCONSOLE_TOOL_NAME"] = name
        environment["RTCONSOLE_TOOL_ARGUMENTS_FILE"] = argumentsFile.path
        for key in ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] { environment[key] = nil }
        process.environment = environment
        // Output goes to files, not pipes: a background job the tool leaves behind may hold them open, and
        // the call must end when the tool exits, not when its last descendant lets go of its output.
        let outputFile = argumentsFile.deletingPathExtension().appendingPathExtension("out")
        let errorFile = argumentsFile.deletingPathExtension().appendingPathExtension("err")
        guard
            await Self.onWorkerThread({
                FileManager.default.createFile(atPath: outputFile.path, contents: nil)
                    && FileManager.default.createFile(atPath: errorFile.path, contents: nil)
            }), let stdout = FileHandle(forWritingAtPath: outputFile.path), let stderr = FileHandle(forWritingAtPath: errorFile.path)
        else {
            return ToolRunner.errorOutput("the output files for \(name) could not be created in \(outputFile.deletingLastPathComponent().path)")
        }
        defer {
            try? stdout.close()
            try? stderr.close()
            Self.removeLater(outputFile)
            Self.removeLater(errorFile)
        }
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            return ToolRunner.errorOutput("the command for \(name) could not start: \(FileErrorReason.of(error))")
        }
        // Foundation spawns every process as the leader of a new process group (POSIX_SPAWN_SETPGROUP), so the
        // shell's pid is the id of the group its children join.
        let group = process.processIdentifier
        Self.runningGroups.withLock { _ = $0.insert(group) }
        let writer = stdin.fileHandleForWriting
        DispatchQueue.global().async {
            PipeReader.writeAll(input, to: writer)
            try? writer.close()
        }
        // The shell's exit is watched here, not through Process's termination handler, which is not called
        // while a background job the tool left behind is still alive.
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var exitStatus: Int32?
        while exitStatus == nil, clock.now < deadline {
            exitStatus = Self.exitStatus(of: process)
            if exitStatus == nil { try? await Task.sleep(for: .milliseconds(10)) }
        }
        Self.end(group: group)
        let (out, err) = await Self.onWorkerThread {
            (
                String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self),
                String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
            )
        }
        guard let exitStatus else {
            return ToolRunner.errorOutput("the command for \(name) did not finish within \(timeout.components.seconds) s and was stopped")
        }
        if exitStatus != 0 {
            let detail = err.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
            return ToolRunner.errorOutput("the command for \(name) failed with exit status \(exitStatus)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        let text = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "{}" : text
    }

    /// The exit status of a child that has exited (a signal counts as 128 + its number), read without reaping
    /// it; when Process reaped it first, its own figures, once it has them. Nil while it runs.
    static func exitStatus(of process: Process) -> Int32? {
        var info = siginfo_t()
        let pid = process.processIdentifier
        if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
            guard info._sifields._sigchld.si_pid == pid else { return nil }
            let status = info._sifields._sigchld.si_status
            return info.si_code == CLD_EXITED ? status : 128 + status
        }
        guard errno == ECHILD, !process.isRunning else { return nil }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    /// Ends a tool's process group (whatever of it still runs).
    static func end(group: Int32) {
        kill(-group, SIGKILL)
        runningGroups.withLock { _ = $0.remove(group) }
    }

    private static func onWorkerThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    private static func removeLater(_ file: URL) {
        DispatchQueue.global().async { try? FileManager.default.removeItem(at: file) }
    }
}
