import Foundation

/// A program `rtbench` starts and measures (the simulator, the console, the Python client).
///
/// Standard output is a pipe that ``readLine()`` reads, or a file; standard error goes to a log file so that
/// a chatty child can never block on a full pipe.
final class ChildProcess: Sendable {
    private let process: Process
    private let output: FileHandle?
    /// The program and its arguments, for messages.
    let commandLine: String

    /// Starts a program.
    ///
    /// - Parameters:
    ///   - executable: the program's path, or a name looked up on the PATH.
    ///   - arguments: its arguments.
    ///   - environment: variables to add to (or override in) rtbench's own environment.
    ///   - errorLog: where its standard error goes.
    ///   - outputFile: where its standard output goes; nil for a pipe that ``readLine()`` reads.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], errorLog: URL, outputFile: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.locate(executable))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        var pipe: Pipe?
        if let outputFile {
            guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else { throw BenchError("cannot create \(outputFile.path)") }
            process.standardOutput = try FileHandle(forWritingTo: outputFile)
        } else {
            pipe = Pipe()
            process.standardOutput = pipe
        }
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil) else { throw BenchError("cannot create \(errorLog.path)") }
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.output = pipe?.fileHandleForReading
        commandLine = ([executable] + arguments).joined(separator: " ")
    }

    /// The path of a program: itself when it names a folder, otherwise the first match on the PATH.
    static func locate(_ executable: String) -> String {
        guard !executable.contains("/") else { return executable }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(executable)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? executable
    }

    /// Runs a short command to its end and returns its standard output (standard error is dropped).
    ///
    /// Not for a command that leaves a daemon behind (`tmux new-session`): the daemon would keep the output
    /// pipe open; use ``status(of:_:)`` for those.
    static func output(of executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: locate(executable))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a short command to its end, its input and output on /dev/null, and returns its exit status.
    ///
    /// Spawned with posix_spawn rather than Foundation's `Process`, whose end-of-process detection never fires
    /// when the command leaves a daemon behind (`tmux new-session` starts the tmux server).
    static func status(of executable: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let path = locate(executable)
        let argv = ([path] + arguments).map { strdup($0) }
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv + [nil], environ)
        guard spawned == 0 else { throw BenchError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// The ids of a process's children (read from /proc).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let closing = stat.lastIndex(of: ")") else {
                return false
            }
            let fields = stat[stat.index(after: closing)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// True while the program runs.
    var isRunning: Bool { process.isRunning }

    /// The exit status, once the program has ended.
    var exitStatus: Int32 { process.terminationStatus }

    /// Reads one line of standard output (without the newline), or nil at its end.
    ///
    /// Blocks the calling thread: use it only while waiting for a child's first line.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            guard let byte = try? output?.read(upToCount: 1), let first = byte.first else {
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
    }

    /// Follows the program until it ends, sampling its CPU time and resident memory every `interval`.
    ///
    /// - Returns: the CPU seconds it had used at the last sample before it ended, and its largest RSS.
    func follow(every interval: Duration = .milliseconds(50)) async -> (cpuSeconds: Double, peakResidentBytes: Int) {
        var cpu = 0.0
        var peak = 0
        while process.isRunning {
            if let sample = ProcessSample.read(pid: pid) {
                cpu = sample.cpuSeconds
                peak = max(peak, sample.residentBytes)
            }
            try? await Task.sleep(for: interval)
        }
        return (cpu, peak)
    }

    /// Waits until the program ends, polling; returns false if it was still running at the deadline.
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Asks the program to stop with a signal, waits for it, and kills it if it does not end in time.
    func stop(signal: Int32 = SIGINT, timeout: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        kill(pid, signal)
        if await !waitForExit(timeout: timeout) {
            kill(pid, SIGKILL)
            _ = await waitForExit(timeout: .seconds(5))
        }
    }
}
