import RealtimeCore

/// A microphone that streams 20 ms frames into a session `speed` times faster than real time, keeping a
/// simulated clock: the audio timeline in milliseconds, which is what the simulator's VAD and the call's
/// length are measured in.
struct CompressedMicrophone {
    private let session: RealtimeSession
    private let speed: Double
    private let start = ContinuousClock.now
    private let silence = [Int16](repeating: 0, count: PCM.frameSamples)
    /// Milliseconds of audio streamed so far (the simulated time).
    private(set) var milliseconds = 0

    /// Creates a microphone for a session.
    init(session: RealtimeSession, speed: Double) {
        self.session = session
        self.speed = speed
    }

    /// Streams samples in 20 ms frames (the last frame padded with silence).
    mutating func say(_ samples: [Int16]) async throws {
        var offset = 0
        while offset < samples.count {
            var frame = Array(samples[offset..<min(samples.count, offset + PCM.frameSamples)])
            if frame.count < PCM.frameSamples { frame += repeatElement(0, count: PCM.frameSamples - frame.count) }
            try await send(frame)
            offset += PCM.frameSamples
        }
    }

    /// Streams silence until `condition`, given the simulated milliseconds so far, holds.
    ///
    /// - Throws: ``BenchError`` naming `what` when it has not held after `limitMilliseconds` of simulated time.
    mutating func silence(_ what: String, limitMilliseconds: Int, until condition: (Int) -> Bool) async throws {
        let deadline = milliseconds + limitMilliseconds
        while !condition(milliseconds) {
            guard milliseconds < deadline else { throw BenchError("\(what) did not happen within \(limitMilliseconds / 1000) s of simulated time") }
            try await send(silence)
        }
    }

    /// Sends one frame and waits until the simulated clock is due (sleeping only when 2 ms or more ahead).
    private mutating func send(_ frame: [Int16]) async throws {
        await session.sendAudio(frame)
        milliseconds += PCM.frameMilliseconds
        let due = start + .milliseconds(Double(milliseconds) / speed)
        if due - ContinuousClock.now >= .milliseconds(2) { try await Task.sleep(until: due, clock: .continuous) }
    }
}
