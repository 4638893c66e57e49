import Foundation
import RealtimeCore

/// The simulator's server VAD: an energy detector over the appended PCM, on the session's audio timeline.
///
/// Audio is measured in 10 ms frames. A frame is loud when its RMS level reaches the threshold
/// (``Parameters/thresholdDBFS(for:)`` maps the protocol's 0…1 onto dBFS). Speech starts after three loud
/// frames in a row; `audio_start_ms` is the first loud frame's start minus the prefix padding, never before 0
/// or before the end of the previous turn. Speech stops once `silence_duration_ms` of quiet frames follow the
/// last loud one; `audio_end_ms` is the end of that loud frame plus the silence, as the service reports it.
struct VoiceActivityDetector: Sendable {
    /// What the detector listens for.
    struct Parameters: Sendable, Equatable {
        /// RMS level in dBFS at or above which a frame counts as speech.
        var thresholdDBFS: Double
        /// Audio kept before the detected start, in ms.
        var prefixPaddingMs: Int
        /// Quiet that ends the turn, in ms.
        var silenceDurationMs: Int

        /// The protocol's threshold (0…1) as a level: −60 dBFS at 0, −35 dBFS at 0.5, −10 dBFS at 1 (linear in dB).
        static func thresholdDBFS(for threshold: Double) -> Double {
            -60 + 50 * min(max(threshold, 0), 1)
        }

        /// The quiet that ends a turn under semantic VAD: low 1500 ms, medium and auto 800 ms, high 300 ms.
        static func endOfTurnWaitMs(for eagerness: TurnDetection.Eagerness) -> Int {
            switch eagerness {
            case .low: 1500
            case .medium, .auto: 800
            case .high: 300
            }
        }

        /// The detector for a turn-detection setting; nil for manual turns.
        static func forTurnDetection(_ turnDetection: TurnDetection?) -> Parameters? {
            switch turnDetection {
            case .serverVAD(let vad)?:
                Parameters(
                    thresholdDBFS: thresholdDBFS(for: vad.threshold), prefixPaddingMs: vad.prefixPaddingMs,
                    silenceDurationMs: vad.silenceDurationMs)
            case .semanticVAD(let vad)?:
                Parameters(thresholdDBFS: thresholdDBFS(for: 0.5), prefixPaddingMs: 300, silenceDurationMs: endOfTurnWaitMs(for: vad.eagerness))
            case nil:
                nil
            }
        }
    }

    /// What the detector reports.
    enum Event: Sendable, Equatable {
        /// Speech began; the position includes the prefix padding.
        case speechStarted(audioStartMs: Int)
        /// Speech ended; the position includes the trailing silence.
        case speechStopped(audioEndMs: Int)
    }

    private enum State: Sendable {
        case quiet
        case rising(onsetFrame: Int, loudFrames: Int)
        case speaking(lastLoudFrameEnd: Int)
    }

    static let frameMilliseconds = 10
    static let framesToStart = 3

    let parameters: Parameters
    /// The timeline position (ms) of this detector's first sample.
    let originMs: Int

    private let frameLength: Int
    /// The sum of squared samples over one frame at the threshold level.
    private let thresholdEnergy: Double
    private var frameIndex = 0
    private var partialSum: Int64 = 0
    private var partialCount = 0
    private var state = State.quiet
    private var earliestStartMs: Int

    /// Creates a detector that starts listening at `originMs` on the session timeline.
    init(parameters: Parameters, sampleRate: Int, originMs: Int) {
        self.parameters = parameters
        self.originMs = originMs
        earliestStartMs = originMs
        frameLength = max(1, sampleRate * Self.frameMilliseconds / 1000)
        let fullScale = 32768.0 * 32768.0
        thresholdEnergy = fullScale * pow(10, parameters.thresholdDBFS / 10) * Double(frameLength)
    }

    /// True when no speech is in progress or about to be confirmed.
    var isQuiet: Bool {
        if case .quiet = state { return true }
        return false
    }

    /// Feeds samples and returns the events they cause, in order.
    mutating func process(_ samples: [Int16]) -> [Event] {
        var events: [Event] = []
        samples.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let end = min(buffer.count, index + frameLength - partialCount)
                var sum = partialSum
                for position in index..<end {
                    let value = Int64(buffer[position])
                    sum += value * value
                }
                partialCount += end - index
                index = end
                if partialCount == frameLength {
                    if let event = endFrame(loud: Double(sum) >= thresholdEnergy) { events.append(event) }
                    partialSum = 0
                    partialCount = 0
                } else {
                    partialSum = sum
                }
            }
        }
        return events
    }

    /// Forgets any speech in progress (after a commit or clear); the next start is not placed before `timelineMs`.
    mutating func reset(atTimelineMs timelineMs: Int) {
        state = .quiet
        earliestStartMs = max(earliestStartMs, timelineMs)
    }

    private mutating func endFrame(loud: Bool) -> Event? {
        let frame = frameIndex
        frameIndex += 1
        switch state {
        case .quiet:
            guard loud else { return nil }
            state = .rising(onsetFrame: frame, loudFrames: 1)
            return confirmIfLongEnough()
        case .rising(let onset, let count):
            guard loud else {
                state = .quiet
                return nil
            }
            state = .rising(onsetFrame: onset, loudFrames: count + 1)
            return confirmIfLongEnough()
        case .speaking(let lastLoudEnd):
            if loud {
                state = .speaking(lastLoudFrameEnd: frame + 1)
                return nil
            }
            let quietMs = (frame + 1 - lastLoudEnd) * Self.frameMilliseconds
            guard quietMs >= parameters.silenceDurationMs else { return nil }
            let endMs = milliseconds(ofFrame: lastLoudEnd) + parameters.silenceDurationMs
            state = .quiet
            earliestStartMs = endMs
            return .speechStopped(audioEndMs: endMs)
        }
    }

    private mutating func confirmIfLongEnough() -> Event? {
        guard case .rising(let onset, let count) = state, count >= Self.framesToStart else { return nil }
        state = .speaking(lastLoudFrameEnd: frameIndex)
        let startMs = max(0, earliestStartMs, milliseconds(ofFrame: onset) - parameters.prefixPaddingMs)
        return .speechStarted(audioStartMs: startMs)
    }

    private func milliseconds(ofFrame frame: Int) -> Int {
        originMs + frame * Self.frameMilliseconds
    }
}
