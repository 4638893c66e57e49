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
                return .success(try WAVAudio.parse(repairingStreamedHeader(data)).monoSamples(at: PCM.sampleRate))
            } catch {
                return .failure(Failure(description: "espeak-ng wrote audio that cannot be read: \(error)"))
            }
        }
    }

    /// Runs a program to completion on a dedicated thread and returns its standard output.
    private static func run(_ executable: URL, arguments: [String]) async -> Result<Data, Failure> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Data, Failure>, Never>) in
            let thread = Thread {
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
                    continuation.resume(returning: .failure(Failure(description: "cannot run \(executable.path): \(error.localizedDescription)")))
                    return
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else {
                    continuation.resume(returning: .failure(Failure(description: "\(executable.path) exited with status \(process.terminationStatus)")))
                    return
                }
                continuation.resume(returning: .success(data))
            }
            thread.name = "rtconsole.sim.espeak"
            thread.start()
        }
    }

    /// espeak-ng writes a WAV to a pipe before it knows the length, with placeholder sizes in the RIFF and
    /// `data` headers; this sets them to what is actually there.
    static func repairingStreamedHeader(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8) else { return data }
        write(UInt32(bytes.count - 8), into: &bytes, at: 4)
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let available = bytes.count - offset - 8
            if bytes[offset..<offset + 4].elementsEqual("data".utf8) {
                write(UInt32(min(size, available) & ~1), into: &bytes, at: offset + 4)
                break
            }
            offset += 8 + size + (size & 1)
        }
        return Data(bytes)
    }

    private static func write(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
    }
}
