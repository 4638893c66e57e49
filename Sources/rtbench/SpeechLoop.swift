import Foundation

/// Speaks a WAV file into a PulseAudio sink with `paplay`, over and over, until stopped: the person
/// talking into the microphone during figure 3's calls.
final class SpeechLoop: Sendable {
    private let task: Task<Void, Never>

    /// Starts speaking `file` into `sink`; `paplay`'s messages go to `log`.
    init(file: URL, sink: String, log: URL) {
        task = Task {
            while !Task.isCancelled {
                guard let player = try? ChildProcess("paplay", ["--device=\(sink)", file.path], errorLog: log) else { return }
                while player.isRunning, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
                await player.stop(signal: SIGTERM)
            }
        }
    }

    /// Stops speaking (the current `paplay` is ended).
    func stop() async {
        task.cancel()
        await task.value
    }
}
