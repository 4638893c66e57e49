import AudioIO
import Foundation
import RealtimeCore
import Synchronization

/// Access to the PulseAudio test daemon and the tools the integration tests drive.
///
/// The daemon is the one `scripts/pulse-test-daemon start DIR` starts: null sinks `rt_mic` (tests play
/// speech into it; `rt_mic.monitor` is the console's microphone) and `rt_speaker` (the console plays into
/// it; `rt_speaker.monitor` is how the tests listen). Tests that need it fail, never skip, without it.
enum PulseTestSupport {
    /// A failure of the test set-up, shown as the test's error.
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root, for `scripts/`.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Checks that `PULSE_SERVER` names a running daemon with the test sinks.
    ///
    /// - Returns: the server address.
    /// - Throws: ``SetupError`` that says how to start the daemon.
    @discardableResult
    static func requireDaemon() throws -> String {
        let start = "start one with `eval \"$(scripts/pulse-test-daemon start $(mktemp -d))\"` before `swift test`"
        guard let server = ProcessInfo.processInfo.environment["PULSE_SERVER"], !server.isEmpty else {
            throw SetupError(description: "PULSE_SERVER is not set, so the PulseAudio test daemon cannot be found: \(start)")
        }
        let devices: [AudioDevice]
        do {
            devices = try PulseDevices.list()
        } catch {
            throw SetupError(description: "the PulseAudio test daemon at PULSE_SERVER=\(server) does not answer (\(error)): \(start)")
        }
        for sink in ["rt_mic", "rt_speaker"] where !devices.contains(where: { $0.name == sink }) {
            throw SetupError(
                description:
                    "the daemon at PULSE_SERVER=\(server) has no null sink '\(sink)'; it was not started by scripts/pulse-test-daemon: \(start)")
        }
        return server
    }

    /// Runs a command line tool and waits for it without blocking a cooperative thread.
    ///
    /// - Returns: its standard output, as text.
    /// - Throws: ``SetupError`` if it cannot start or exits with a failure.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        String(decoding: try await output(of: tool, arguments), as: UTF8.self)
    }

    /// Runs a command line tool and waits for it without blocking a cooperative thread.
    ///
    /// - Returns: its standard output (at most a pipe's buffer, 64 KiB, is read before it exits).
    /// - Throws: ``SetupError`` if it cannot start or exits with a failure.
    static func output(of tool: String, _ arguments: [String]) async throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: SetupError(description: "cannot run \(tool) (\(error)); install it (see .ci/run)"))
            }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw SetupError(description: "\(tool) \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus): \(message)")
        }
        return data
    }

    /// Speaks `text` with espeak-ng into a WAV file in a new temporary directory.
    static func speech(_ text: String) async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-speech-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("speech.wav")
        try await run("espeak-ng", ["-w", url.path, text])
        return url
    }
}

/// Collects the frames of a capture stream on a task of its own, so the stream is always drained.
///
/// The task runs on an event loop, not on the cooperative pool: tests running beside it can hold the pool's
/// two threads in blocking calls, and a collector held up for more than a second loses the oldest frames
/// (a capture stream keeps the newest second). In a fresh-clone CI run both of the echo test's collectors
/// missed about 52 of the 150 frames of its window, what a two-second hold-up loses.
final class FrameCollector: Sendable {
    private let collected = Mutex<[CapturedFrame]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ frames: AsyncStream<CapturedFrame>) {
        let task = Task(executorPreference: EventLoopExecutor()) { [self] in
            for await frame in frames { collected.withLock { $0.append(frame) } }
        }
        self.task.withLock { $0 = task }
    }

    /// The frames collected so far.
    var frames: [CapturedFrame] { collected.withLock { $0 } }

    /// All samples collected so far, in order.
    var samples: [Int16] { frames.flatMap(\.samples) }

    /// Waits until the stream has finished (after the input was stopped).
    func finished() async {
        await task.withLock { $0 }?.value
    }
}
