import RealtimeCore

/// What ``PulseAudioOutput`` keeps under its lock: the timeline and its anchor, the stream's state, and
/// what its service and its thread hand each other.
extension PulseAudioOutput {
    /// The timeline position the listener hears at an instant, and whether it is moving.
    struct Anchor {
        var position: Int
        var instant: ContinuousClock.Instant
        var advancing: Bool
    }

    /// A flush sent to the server: the write head W and the latency L0 when it was sent.
    struct Flush {
        var written: Int
        var latency: Int
    }

    /// The output's bookkeeping, guarded by its `Mutex`.
    struct State {
        var ledger = PlaybackLedger()
        var levels = LevelTimeline()
        var anchor = Anchor(position: 0, instant: .now, advancing: false)
        var latencySamples = 0
        var volume = 1.0
        var stream: AudioStreamState = .stopped
        /// The thread that opens the stream and reopens it when the server comes back.
        var thread: StreamThread?
        /// Wakes the stream's service; set while a stream is open.
        var waker: PulsePlayback.Waker?
        var flushRequests: [OneShot<[PlaybackProgress]>] = []
        /// A flush under way: nothing is written until the server has done it.
        var flushing: Flush?
        /// The server had room at the last service and nothing was queued: the next enqueue wakes the service.
        var starved = false
        /// Silence still to write after the last audio, once the queue has stayed empty for a buffer's time.
        var trailer = 0
        /// When the queue ran dry after audio, while the trailer waits.
        var dryAt: ContinuousClock.Instant?
        /// Told about the items a lost server cut short (see ``onAudioLost(_:)``).
        var audioLostHandler: (@Sendable ([PlaybackProgress]) -> Void)?

        /// The service's waker if the service starved, marked fed: the caller wakes it once the lock is
        /// released. A thread woken while the lock is held may take the waker's CPU and then wait for the
        /// lock, and the waker, preempted inside it, makes every other user of the lock (the call's event
        /// loop) wait too.
        mutating func starvedServiceToWake() -> PulsePlayback.Waker? {
            guard starved else { return nil }
            starved = false
            return waker
        }

        /// The timeline position heard at `now`.
        func playedPosition(at now: ContinuousClock.Instant) -> Int {
            guard anchor.advancing else { return anchor.position }
            return min(ledger.writtenSamples, anchor.position + (now - anchor.instant).sampleCount)
        }

        /// Freezes the items at what has been heard by now, without touching the device.
        mutating func interruptWithoutDevice() -> [PlaybackProgress] {
            ledger.interrupt(playedPosition: playedPosition(at: .now))
        }
    }
}
