import Foundation
import Synchronization

/// Records a call as a stereo WAV: the microphone on the left, the assistant on the right, aligned in time.
///
/// Both channels share one timeline in samples since the recording began. Microphone frames land where
/// they were captured; assistant audio lands where it becomes audible — after what is already queued, plus
/// the output latency — and a barge-in removes what was queued but never heard. Everything older than
/// "now" can no longer change, so it is written out as the call goes: memory stays flat however long it lasts.
public final class CallRecorder: Sendable {
    private struct State {
        var writer: WAVWriter?
        /// The timeline position of `left[0]` / `right[0]` (everything before it is on disk).
        var flushed = 0
        var left: [Int16] = []
        var right: [Int16] = []
        /// Where queued assistant audio ends on the timeline.
        var assistantEnd = 0
        var failure: String?
    }

    private let state: Mutex<State>
    private let start = ContinuousClock.now
    private let outputLatencySamples: Int
    /// The file being written.
    public let url: URL

    /// Starts a recording.
    ///
    /// - Parameters:
    ///   - url: the WAV file to write (atomically at `finish()`).
    ///   - outputLatency: how long audio takes from being queued to being heard.
    /// - Throws: `ExportError` when the file cannot be created.
    public init(url: URL, outputLatency: Duration = .milliseconds(80)) throws(ExportError) {
        self.url = url
        outputLatencySamples = Int(outputLatency.components.seconds) * PCM.sampleRate
            + Int(outputLatency.components.attoseconds / 1_000_000_000_000_000) * PCM.samplesPerMillisecond
        do {
            state = Mutex(State(writer: try WAVWriter(url: url, sampleRate: PCM.sampleRate, channels: 2)))
        } catch {
            throw ExportError(path: url.path, reason: error.description)
        }
    }

    private func now() -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds) * PCM.sampleRate + Int(elapsed.components.attoseconds / 41_666_666_666_667)
    }

    private static func place(_ samples: [Int16], at position: Int, in track: inout [Int16], origin: Int) {
        let offset = position - origin
        guard offset + samples.count > 0 else { return }
        let skip = max(0, -offset)
        let start = max(0, offset)
        if track.count < start + samples.count - skip { track.append(contentsOf: repeatElement(0, count: start + samples.count - skip - track.count)) }
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

    /// Adds assistant audio handed to the output just now.
    public func assistant(_ samples: [Int16]) {
        let position = now()
        state.withLock { s in
            let start = max(position + outputLatencySamples, s.assistantEnd)
            Self.place(samples, at: start, in: &s.right, origin: s.flushed)
            s.assistantEnd = start + samples.count
        }
    }

    /// The output was interrupted: assistant audio that was queued but not yet heard is dropped.
    public func interrupted() {
        let position = now() + outputLatencySamples / 4
        state.withLock { s in
            let keep = max(0, position - s.flushed)
            if s.right.count > keep { s.right.removeLast(s.right.count - keep) }
            s.assistantEnd = min(s.assistantEnd, position)
        }
    }

    private func flush(_ s: inout State, upTo position: Int) {
        let count = min(position - s.flushed, max(s.left.count, s.right.count)) - PCM.sampleRate
        guard count > PCM.sampleRate, let writer = s.writer else { return }
        let left = Array(s.left.prefix(count)) + [Int16](repeating: 0, count: max(0, count - s.left.count))
        let right = Array(s.right.prefix(count)) + [Int16](repeating: 0, count: max(0, count - s.right.count))
        writer.appendStereo(left: left, right: right)
        s.left.removeFirst(min(count, s.left.count))
        s.right.removeFirst(min(count, s.right.count))
        s.flushed += count
    }

    /// Writes what remains and closes the file.
    ///
    /// - Throws: `ExportError` when the file could not be written (the call itself is unaffected).
    public func finish() throws(ExportError) {
        let result: Result<Void, ExportError> = state.withLock { s in
            guard let writer = s.writer else { return .success(()) }
            s.writer = nil
            let count = max(s.left.count, s.right.count)
            writer.appendStereo(left: s.left + [Int16](repeating: 0, count: count - s.left.count),
                                right: s.right + [Int16](repeating: 0, count: count - s.right.count))
            do {
                try writer.finish()
                return .success(())
            } catch {
                return .failure(ExportError(path: url.path, reason: "\(error)"))
            }
        }
        try result.get()
    }
}
