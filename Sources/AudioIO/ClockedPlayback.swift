import Foundation
import RealtimeCore
import Synchronization

/// The engine of the outputs without a device (``NullAudioOutput``, ``WAVAudioOutput``): it "plays" the
/// queue against the continuous clock at 24 000 samples per second, so heard-milliseconds accounting
/// works exactly as with a speaker whose latency is zero.
///
/// Playing is computed lazily: every call first advances the timeline to the current instant, taking the
/// samples due from the queue (silence when it is empty) and handing them to the optional recorder. A
/// task ticks every 20 ms so that the recorder also receives audio when nobody asks.
final class ClockedPlayback: Sendable {
    private struct State {
        var ledger = PlaybackLedger()
        /// The last 20 ms played, for the level meter.
        var recent: [Int16] = []
        var volume = 1.0
        /// When playing started, and the timeline position at that instant.
        var origin: (instant: ContinuousClock.Instant, position: Int)?
        var recorder: WAVWriter?
        var ticker: Task<Void, Never>?

        /// Plays everything due by `now`.
        mutating func advance(to now: ContinuousClock.Instant) {
            guard let origin else { return }
            let due = origin.position + (now - origin.instant).sampleCount - ledger.writtenSamples
            guard due > 0 else { return }
            var samples = ledger.take(upTo: due).scaled(by: volume)
            let silence = due - samples.count
            ledger.writeSilence(silence)
            samples += repeatElement(0, count: silence)
            recent = Array((recent + samples).suffix(PCM.frameSamples))
            recorder?.append(samples)
            ledger.observe(playedPosition: ledger.writtenSamples, at: now)
        }
    }

    private let shared = Mutex(State())

    /// Starts the clock.
    ///
    /// - Parameters:
    ///   - url: where to record played audio (and the silence between items) as a 24 kHz mono WAV file,
    ///     or nil to record nothing.
    ///   - name: what to call the output in errors.
    /// - Throws: ``AudioError`` when the clock is already running or the recording cannot be created.
    func start(recordingTo url: URL?, name: String) throws(AudioError) {
        try shared.withLock { state throws(AudioError) in
            guard state.origin == nil else { throw AudioError.alreadyStarted(name) }
            if let url {
                do throws(WAVError) {
                    state.recorder = try WAVWriter(url: url)
                } catch {
                    throw AudioError.file(error)
                }
            }
            state.origin = (.now, state.ledger.writtenSamples)
            state.ticker = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(PCM.frameMilliseconds))
                    guard let self else { return }
                    self.shared.withLock { $0.advance(to: .now) }
                }
            }
        }
    }

    /// Interrupts what is playing, stops the clock and completes the recording, if any.
    ///
    /// - Throws: ``AudioError`` when the recording could not be completed.
    func stop() throws(AudioError) {
        try shared.withLock { state throws(AudioError) in
            state.advance(to: .now)
            _ = state.ledger.interrupt(playedPosition: state.ledger.writtenSamples)
            state.ticker?.cancel()
            state.ticker = nil
            state.origin = nil
            let recorder = state.recorder
            state.recorder = nil
            do throws(WAVError) {
                try recorder?.finish()
            } catch {
                throw AudioError.file(error)
            }
        }
    }

    var isRunning: Bool { shared.withLock { $0.origin != nil } }

    var volume: Double {
        get { shared.withLock { $0.volume } }
        set { shared.withLock { $0.volume = min(max(newValue, 0), 1.5) } }
    }

    var level: AudioLevel {
        shared.withLock { state in
            state.advance(to: .now)
            return state.origin == nil ? .silence : AudioLevel.measure(state.recent)
        }
    }

    var underrunCount: Int { shared.withLock { $0.ledger.underruns } }

    func enqueue(_ samples: [Int16], for item: PlaybackItem) {
        shared.withLock { state in
            state.advance(to: .now)
            state.ledger.enqueue(samples, for: item)
        }
    }

    func interrupt() -> [PlaybackProgress] {
        shared.withLock { state in
            state.advance(to: .now)
            return state.ledger.interrupt(playedPosition: state.ledger.writtenSamples)
        }
    }

    func progress(of item: PlaybackItem) -> PlaybackProgress? {
        shared.withLock { state in
            state.advance(to: .now)
            return state.ledger.progress(of: item, playedPosition: state.ledger.writtenSamples)
        }
    }
}
