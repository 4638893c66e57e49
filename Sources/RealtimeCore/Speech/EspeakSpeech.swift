import Foundation

/// Offline speech with espeak-ng (`--tts espeak-ng`).
public struct EspeakSpeech: TextToSpeech {
    public var voice: String
    public var wordsPerMinute: Int

    /// Creates an espeak-ng synthesiser.
    public init(voice: String = "en-us", wordsPerMinute: Int = 175) {
        self.voice = voice
        self.wordsPerMinute = wordsPerMinute
    }

    public var name: String { "espeak-ng" }

    /// Whether espeak-ng is installed.
    public static var isAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/espeak-ng")
        }
    }

    public func speak(_ text: String) -> AsyncThrowingStream<[Int16], any Error> {
        let voice = voice
        let speed = wordsPerMinute
        return AsyncThrowingStream { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["espeak-ng", "--stdout", "-v", voice, "-s", "\(speed)", text]
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                    let data = PipeReader.readAll(out.fileHandleForReading)
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else { throw SpeechError("espeak-ng failed with status \(process.terminationStatus)") }
                    let samples = try WAVAudio.parse(data).monoSamples(at: PCM.sampleRate)
                    for start in stride(from: 0, to: samples.count, by: PCM.samples(forMilliseconds: 100)) {
                        continuation.yield(Array(samples[start..<min(start + PCM.samples(forMilliseconds: 100), samples.count)]))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
        }
    }
}

/// A speech synthesis failure, in one line.
public struct SpeechError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = SecretRedactor.shared.redact(message) }
    public var description: String { message }
}
