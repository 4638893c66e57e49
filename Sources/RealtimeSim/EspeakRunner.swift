import Foundation
import RealtimeCore

/// Speaks text with the `espeak-ng` program: `espeak-ng --stdout -v en-us -s WPM -p PITCH TEXT`.
///
/// The process is run and read on a thread of its own, so the cooperative pool never blocks.
enum EspeakRunner {
    /// Why espeak-ng gave no audio.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The espeak-ng executable on the PATH, if any.
    static func locate() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("espeak-ng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Speaks `text` at 175 words a minute times `speed` and returns 24 kHz mono PCM16.
    static func speak(_ text: String, executable: URL, speed: Double, pitch: Int) async -> Result<[Int16], Failure> {
        let wordsPerMinute = Int((175 * min(max(speed, 0.25), 4)).rounded())
        // A leading space keeps text that starts with "-" from being read as an option.
        let arguments = ["--stdout", "-v", "en-us", "-s", String(wordsPerMinute), "-p", String(pitch), " " + text]
        let output = await run(executable, arguments: arguments)
        switch output {
        case .failure(let failure):
            return .failure(failure)
        case .success(let data):
            do {
                return .success(try WAVAudio.parse(data).monoSamples(at: PCM.sampleRate))
            } catch {
                return .failure(Failure(description: "espeak-ng wrote audio that cannot be read: \(error)"))
            }
        }
    }

    /// Runs a program to completion on a dedicated thread and returns its standard output.
    private static func run(_ executable: URL, arguments: [String]) async -> Result<Data, Failure> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Data, Failure>, Never>) in
            let thread = Thread {
                ThreadName.setCurrent("sim.espeak")
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: .failure(Failure(description: "cannot run \(executable.path): \(FileErrorReason.of(error))")))
                    return
                }
                let data = PipeReader.readAll(output.fileHandleForReading)
                process.waitUntilExit()
                guard process.terminationStatus == 0 else {
                    continuation.resume(
                        returning: .failure(Failure(description: "\(executable.path) exited with status \(process.terminationStatus)")))
                    return
                }
                continuation.resume(returning: .success(data))
            }
            thread.start()
        }
    }
}
