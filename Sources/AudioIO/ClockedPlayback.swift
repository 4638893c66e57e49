import Foundation
import RealtimeCore
import Synchronization

/// The engine of the outputs without a device (``NullAudioOutput``, ``WAVAudioOutput``): it "plays" the
/// queue against the continuous clock at its ``PlaybackRate``, through the same ``PlaybackLedger`` as a
/// speaker, so heard-milliseconds accounting works exactly as with a speaker whose latency is zero.
///
/// Playing is computed lazily: every call first advances the timeline to the current instant, taking the
/// samples due from the queue (silence when it is empty) and handing them to the optional recording. At
/// a real-time or accelerated rate a task ticks every 20 ms so that the recording also receives audio
/// when nobody asks; at the ``PlaybackRate/instant`` rate audio is played as it is queued and no silence
/// is written.
final class ClockedPlayback: Sendable {
    private struct State {
        var ledger = PlaybackLedger()
        /// The last 20 ms played, for the level meter.
        var recent: [Int16] = []
        var volume = 1.0
        /// When playing started, and the timeline position at that instant.
        var origin: (instant: ContinuousClock.Instant, position: Int)?
        var recording: WAVRecording?
        var ticker: Task<Void, Never>?

        /// Plays everything due by `now` at `rate`.
        mutating func advance(to now: ContinuousClock.Instant, rate: PlaybackRate) {
            guard let origin else { return }
            guard let perSecond = rate.samplesPerSecond else {
                play(ledger.take(upTo: ledger.queuedSamples), silence: 0, at: now)
                return
            }
            let elapsed = (now - origin.instant) / .seconds(1)
            let due = origin.position + Int(elapsed * perSecond) - ledger.writtenSamples
            guard due > 0 else { return }
            let samples = ledger.take(upTo: due)
            play(samples, silence: due - samples.count, at: now)
        }

        private mutating func play(_ audio: [Int16], silence: Int, at now: ContinuousClock.Instant) {
            guard !audio.isEmpty || silence > 0 else { return }
            var samples = audio.scaled(by: volume)
            ledger.writeSilence(silence)
            samples += repeatElement(0, count: silence)
            recent = Array((recent + samples).suffix(PCM.frameSamples))
            recording?.append(samples)
            ledger.observe(playedPosition: ledger.writtenSamples, at: now)
        }

        /// How long until a sample queued now is heard.
        func wait(rate: PlaybackRate) -> Duration {
            guard let perSecond = rate.samplesPerSecond else { return .zero }
            return .seconds(Double(ledger.queuedSamples) / perSecond)
        }
    }

    /// How fast the queue is heard.
    let rate: PlaybackRate
    private let shared = Mutex(State())

    /// Creates a stopped clock.
    init(rate: PlaybackRate) {
        self.rate = rate
    }

    /// Starts the clock.
    ///
    /// - Parameters:
    ///   - recording: where to record played audio (and the silence between items), or nil.
    ///   - name: what to call the output in errors.
    /// - Throws: ``AudioError`` when the clock is already running.
    func start(recordingTo recording: WAVRecording?, name: String) throws(AudioError) {
        try shared.withLock { state throws(AudioError) in
            guard state.origin == nil else { throw AudioError.alreadyStarted(name) }
            state.recording = recording
            state.origin = (.now, state.ledger.writtenSamples)
            guard rate != .instant else { return }
            let rate = rate
            state.ticker = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(PCM.frameMilliseconds))
                    guard let self else { return }
                    self.shared.withLock { $0.advance(to: .now, rate: rate) }
                }
            }
        }
    }

    /// Interrupts what is playing and stops the clock.
    ///
    /// - Returns: the recording, which the caller finishes.
    @discardableResult
    func stop() -> WAVRecording? {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            _ = state.ledger.interrupt(playedPosition: state.ledger.writtenSamples)
            state.ticker?.cancel()
            state.ticker = nil
            state.origin = nil
            defer { state.recording = nil }
            return state.recording
        }
    }

    var isRunning: Bool { shared.withLock { $0.origin != nil } }

    var volume: Double {
        get { shared.withLock { $0.volume } }
        set { shared.withLock { $0.volume = min(max(newValue, 0), 1.5) } }
    }

    var level: AudioLevel {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            return state.origin == nil ? .silence : AudioLevel.measure(state.recent)
        }
    }

    var underrunCount: Int { shared.withLock { $0.ledger.underruns } }

    func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            let wait = state.wait(rate: rate)
            state.ledger.enqueue(samples, for: item)
            if rate == .instant { state.advance(to: .now, rate: rate) }
            return wait
        }
    }

    func interrupt() -> [PlaybackProgress] {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            return state.ledger.interrupt(playedPosition: state.ledger.writtenSamples)
        }
    }

    func progress(of item: PlaybackItem) -> PlaybackProgress? {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            return state.ledger.progress(of: item, playedPosition: state.ledger.writtenSamples)
        }
    }

    /// True while queued audio has not all been heard.
    var isPlaying: Bool {
        shared.withLock { state in
            state.advance(to: .now, rate: rate)
            return state.ledger.queuedSamples > 0
        }
    }
}
