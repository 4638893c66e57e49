import Foundation
import Synchronization

/// Records a call as a stereo WAV: the microphone on the left, the assistant on the right, aligned in time.
///
/// Both channels share one timeline in samples since the recording began. Microphone frames land where
/// they were captured; assistant audio lands where the player says it becomes audible (the wait that
/// ``AudioPlayback/enqueue(_:for:)`` returns), and a barge-in removes what was queued but never heard.
/// The recorder models no queue or latency of its own: the player's ledger is the one clock. Everything
/// older than a second can no longer change, so it is handed to a ``FileWorker`` as the call goes:
/// memory stays flat however long it lasts, and no write runs on the caller's thread.
public final class CallRecorder: Sendable {
    private struct State {
        var recording: WAVRecording?
        /// The timeline position of `left[0]` / `right[0]` (everything before it is written).
        var flushed = 0
        var left: [Int16] = []
        var right: [Int16] = []
    }

    private let state: Mutex<State>
    private let start = ContinuousClock.now
    /// The file being written.
    public let url: URL

    /// Starts a recording.
    ///
    /// - Parameters:
    ///   - url: the WAV file to write (moved into place by ``finish()``).
    ///   - worker: the thread that writes it.
    /// - Throws: `ExportError` when the file cannot be created.
    public init(url: URL, worker: FileWorker = FileWorker(name: "call.recording")) throws(ExportError) {
        self.url = url
        do {
            state = Mutex(State(recording: try WAVRecording(url: url, channels: 2, worker: worker)))
        } catch {
            throw ExportError(path: url.path, reason: error.description)
        }
    }

    private func now() -> Int {
        (ContinuousClock.now - start).sampleCount
    }

    private static func place(_ samples: [Int16], at position: Int, in track: inout [Int16], origin: Int) {
        let offset = position - origin
        guard offset + samples.count > 0 else { return }
        let skip = max(0, -offset)
        let start = max(0, offset)
        if track.count < start + samples.count - skip {
            track.append(contentsOf: repeatElement(0, count: start + samples.count - skip - track.count))
        }
        for i in skip..<samples.count { track[start + i - skip] = samples[i] }
    }

    /// Adds a microphone frame captured just now.
    public func microphone(_ samples: [Int16]) {
        let position = now() - samples.count
        state.withLock { s in
            Self.place(samples, at: position, in: &s.left, origin: s.flushed)
            flush(&s, upTo: position)
        }
    }

    /// Adds assistant audio that the player will make audible after `wait`.
    public func assistant(_ samples: [Int16], audibleIn wait: Duration) {
        let position = now() + wait.sampleCount
        state.withLock { s in
            Self.place(samples, at: position, in: &s.right, origin: s.flushed)
        }
    }

    /// The output was interrupted: assistant audio that was queued but not yet heard is dropped.
    public func interrupted() {
        let position = now()
        state.withLock { s in
            let keep = max(0, position - s.flushed)
            if s.right.count > keep { s.right.removeLast(s.right.count - keep) }
        }
    }

    /// Hands everything older than a second to the worker.
    private func flush(_ s: inout State, upTo position: Int) {
        let count = min(position - s.flushed, max(s.left.count, s.right.count)) - PCM.sampleRate
        guard count > PCM.sampleRate, let recording = s.recording else { return }
        recording.appendStereo(left: Array(s.left.prefix(count)), right: Array(s.right.prefix(count)))
        s.left.removeFirst(min(count, s.left.count))
        s.right.removeFirst(min(count, s.right.count))
        s.flushed += count
    }

    /// Writes what remains, closes the file and moves it into place.
    ///
    /// - Throws: `ExportError` when the file could not be written (the call itself is unaffected).
    public func finish() async throws(ExportError) {
        let (recording, left, right) = state.withLock { s in
            defer {
                s.recording = nil
                s.left = []
                s.right = []
            }
            return (s.recording, s.left, s.right)
        }
        guard let recording else { return }
        let count = max(left.count, right.count)
        recording.appendStereo(left: left + repeatElement(0, count: count - left.count), right: right + repeatElement(0, count: count - right.count))
        do throws(WAVError) {
            try await recording.finish()
        } catch {
            throw ExportError(path: url.path, reason: error.description)
        }
    }
}
