import AudioIO
import Foundation

/// Paths and tools the end-to-end tests use, overridable through the environment.
enum TestEnvironment {
    /// A started player without a device that hears its queue at `rate`.
    static func player(_ rate: PlaybackRate) throws -> NullAudioOutput {
        let output = NullAudioOutput(rate: rate)
        try output.start()
        return output
    }

    /// The package root (two levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python with the openai SDK: RT_PYTHON, else .build-venv/bin/python, else python3.
    static var python: String {
        if let p = ProcessInfo.processInfo.environment["RT_PYTHON"], !p.isEmpty { return p }
        let venv = root.appendingPathComponent(".build-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/env python3"
    }

    /// The conformance checker, a Python script that checks frames against the official SDK's types:
    /// RT_CONFORMANCE, else integration/python/rtconformance.py in the package root.
    static var conformance: String {
        if let p = ProcessInfo.processInfo.environment["RT_CONFORMANCE"], !p.isEmpty { return p }
        return root.appendingPathComponent("integration/python/rtconformance.py").path
    }

    /// The built binary: RTCONSOLE_BIN, else .build/debug/rtconsole.
    static var binary: String {
        ProcessInfo.processInfo.environment["RTCONSOLE_BIN"] ?? root.appendingPathComponent(".build/debug/rtconsole").path
    }

    /// A fresh temporary folder.
    /// This process's environment without any key or endpoint, so that the binary talks to its simulator.
    static var environmentWithoutKeys: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        return env
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The outcome of running a program.
    struct Run: Sendable {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs a command line (split on spaces for the program part) with arguments and waits for it without
    /// blocking a thread of the cooperative pool (an in-process simulator of another test needs them);
    /// `interrupt` sends the program a signal that long after it started.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String]? = nil, interrupt: (signal: Int32, after: Duration)? = nil
    ) async throws -> Run {
        let process = Process()
        let parts = program.split(separator: " ").map(String.init)
        process.executableURL = URL(fileURLWithPath: parts[0])
        process.arguments = Array(parts.dropFirst()) + arguments
        if let environment { process.environment = environment }
        let folder = try temporaryFolder()
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
                if let interrupt {
                    let pid = process.processIdentifier
                    Task {
                        try? await Task.sleep(for: interrupt.after)
                        kill(pid, interrupt.signal)
                    }
                }
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Run(
            status: status, output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs the conformance checker over an events file; returns its output and whether everything passed.
    static func checkConformance(_ file: URL, dialect: String) async throws -> Run {
        try await run(python, [conformance, "check", "--dialect", dialect, file.path])
    }
}

/// Synthetic signals for voice turns: voiced, speech-like bursts in silence.
enum TestSignals {
    /// `ms` of a vowel-like sound (120 Hz fundamental with harmonics, syllable-rate amplitude wobble) at about −14 dBFS RMS.
    static func voiced(ms: Int) -> [Int16] {
        let count = ms * 24
        return (0..<count).map { i in
            let t = Double(i) / 24_000
            let envelope = 0.75 + 0.25 * sin(2 * .pi * 4 * t)
            var v = 0.0
            for h in 1...6 { v += sin(2 * .pi * 120 * Double(h) * t) / Double(h) }
            return Int16(max(-32767, min(32767, v * 0.18 * envelope * 32767)))
        }
    }

    /// `ms` of digital silence.
    static func silence(ms: Int) -> [Int16] { [Int16](repeating: 0, count: ms * 24) }

    /// Writes mono 24 kHz PCM16 as a WAV file.
    static func writeWAV(_ samples: [Int16], rate: Int = 24_000, to url: URL) throws {
        var data = Data()
        func le32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8))
        le32(36 + samples.count * 2)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        le32(16)
        le16(1)
        le16(1)
        le32(rate)
        le32(rate * 2)
        le16(2)
        le16(16)
        data.append(contentsOf: Array("data".utf8))
        le32(samples.count * 2)
        for s in samples { le16(Int(UInt16(bitPattern: s))) }
        try data.write(to: url)
    }
}
