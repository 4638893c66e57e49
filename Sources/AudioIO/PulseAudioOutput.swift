import RealtimeCore
import Synchronization

/// Assistant audio played through a PulseAudio sink, with exact accounting of what was heard.
///
/// ## Jitter buffer and playback thread
/// ``enqueue(_:for:)`` appends to a `Mutex`-guarded queue (``PlaybackLedger``) and wakes a dedicated
/// thread, which takes up to one 20 ms frame at a time, applies ``volume`` and writes it with
/// `pa_simple_write` at once. The server's buffer is the jitter buffer: its size (`tlength`) is the target
/// latency (`--audio-latency-ms`, 80 ms by default), and a write blocks while it is full, so the thread
/// runs at the sink's pace while a reply plays. After each write it reads the stream latency L.
///
/// While the queue is empty the thread sleeps (waking once a second to check that the server is still
/// there), so an idle console writes nothing. When the queue runs dry after audio and nothing follows
/// within one buffer's worth of time, the thread writes that much silence (a frame at a time, stopping as
/// soon as audio arrives): audio shorter than the server's pre-buffer then still starts, and a reply that
/// resumes after the gap is counted in ``underrunCount`` instead of being heard as garbage.
///
/// ## Accounting
/// Every sample written, audio or silence, advances a timeline position W; each item remembers where its
/// samples sit on that timeline. The listener hears position P = W − L, extrapolated at 24 samples per
/// millisecond between writes and never past W. An item's heard milliseconds are the part of its samples before P.
///
/// ``interrupt()`` hands a flush request to the playback thread, which acts on it between two writes
/// (so within one frame): it reads the latency L0, calls `pa_simple_flush`, reads the latency L1 of the
/// audio already in the sink that will still play, and freezes every item at P = W − L0 + L1, clamped to
/// what each item received. The caller's task waits for that without blocking its thread (normally under
/// 25 ms, at most 0.5 s, after which the figure is extrapolated instead). Audio enqueued later for an
/// interrupted item is dropped: it is a late delta of a cut response.
///
/// ## Losing the server
/// If a write fails because the server went away, ``state`` becomes ``AudioStreamState/reconnecting(_:)``:
/// the heard position stops where it was, and queued audio is discarded (as is audio enqueued meanwhile)
/// because nobody hears it. Items stay open, so a later ``interrupt()`` still reports them as not fully
/// heard. The thread reopens the stream with backoff (0.1 s doubling to 2 s) and returns to
/// ``AudioStreamState/running`` on its own; playback resumes with whatever is enqueued next.
///
/// The playback thread keeps the output alive until ``stop()``: always stop an output you started.
public final class PulseAudioOutput: AudioOutput {
    /// The timeline position the listener hears at an instant, and whether it is moving.
    private struct Anchor {
        var position: Int
        var instant: ContinuousClock.Instant
        var advancing: Bool
    }

    private struct State {
        var ledger = PlaybackLedger()
        var levels = LevelTimeline()
        var anchor = Anchor(position: 0, instant: .now, advancing: false)
        var latencySamples = 0
        var volume = 1.0
        var stream: AudioStreamState = .stopped
        var thread: StreamThread?
        var flushRequests: [OneShot<[PlaybackProgress]>] = []
        /// The playback thread sleeps until ``enqueue(_:for:)`` or ``interrupt()`` wakes it.
        var sleeping = false
        /// Told about the items a lost server cut short (see ``onAudioLost(_:)``).
        var audioLostHandler: (@Sendable ([PlaybackProgress]) -> Void)?

        /// The playback thread, if it sleeps, marked awake: the caller wakes it once the lock is released. A
        /// thread woken while the lock is held may take the waker's CPU and then wait for the lock, and the
        /// waker, preempted inside it, makes every other user of the lock (the call's event loop) wait too.
        mutating func sleeperToWake() -> StreamThread? {
            guard sleeping else { return nil }
            sleeping = false
            return thread
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

    /// How often an idle playback thread checks that the server is still there (a dead connection fails
    /// the latency query), so that a lost daemon is reported and reconnected before the next reply.
    static let idleCheckInterval: Duration = .seconds(1)

    /// The configuration this output was created with.
    public let configuration: Configuration
    private let shared = Mutex(State())

    /// Creates an output; nothing is opened until ``start()``.
    ///
    /// - Parameter configuration: where and how to play.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var volume: Double {
        get { shared.withLock { $0.volume } }
        set { shared.withLock { $0.volume = min(max(newValue, 0), 1.5) } }
    }

    public var level: AudioLevel {
        shared.withLock { $0.stream == .running ? $0.levels.level(at: $0.playedPosition(at: .now)) : .silence }
    }

    public func onAudioLost(_ handler: @escaping @Sendable ([PlaybackProgress]) -> Void) {
        shared.withLock { $0.audioLostHandler = handler }
    }

    public var underrunCount: Int { shared.withLock { $0.ledger.underruns } }

    public var outputLatency: Duration { shared.withLock { .samples($0.latencySamples) } }

    public var state: AudioStreamState { shared.withLock { $0.stream } }

    public func start() throws(AudioError) {
        let started = OneShot<AudioError?>()
        let launched = shared.withLock { state in
            guard state.thread == nil else { return false }
            state.thread = StreamThread.start(name: "rtconsole playback") { [self] thread in
                play(on: thread, reportingTo: started)
            }
            return true
        }
        guard launched else { throw AudioError.alreadyStarted("PulseAudio output") }
        do {
            try started.awaitStartup("open a playback stream", server: PulseServer(explicit: configuration.server))
        } catch {
            stop()
            throw error
        }
    }

    /// Interrupts playback (so every item's heard figure is final), then stops the playback thread.
    public func stop() {
        if let request = requestFlush(), request.wait(timeout: Self.flushTimeout) == nil { _ = settleByClock(request) }
        guard let thread = shared.withLock({ $0.thread }) else { return }
        thread.requestStop()
        shared.withLock { state in
            state.anchor.advancing = false
            state.thread = nil
            state.stream = .stopped
        }
    }

    @discardableResult
    public func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        let (lead, sleeper) = shared.withLock { state -> (Duration, StreamThread?) in
            let ahead = state.ledger.writtenSamples + state.ledger.queuedSamples - state.playedPosition(at: .now)
            state.ledger.enqueue(samples, for: item)
            let lead = Duration.samples(max(ahead, state.latencySamples))
            if case .reconnecting = state.stream {
                state.ledger.discardQueue()
                return (lead, nil)
            }
            return (lead, state.sleeperToWake())
        }
        sleeper?.wake()
        return lead
    }

    public func interrupt() async -> [PlaybackProgress] {
        guard let request = requestFlush() else { return shared.withLock { $0.interruptWithoutDevice() } }
        if let progress = await request.value(timeout: Self.flushTimeout) { return progress }
        return settleByClock(request)
    }

    /// The longest wait for the playback thread to flush the device.
    static let flushTimeout: Duration = .milliseconds(500)

    /// Asks the playback thread to flush the device and freeze the items.
    ///
    /// - Returns: the request the thread completes, or nil when no stream runs.
    private func requestFlush() -> OneShot<[PlaybackProgress]>? {
        let request = OneShot<[PlaybackProgress]>()
        let (queued, sleeper) = shared.withLock { state -> (Bool, StreamThread?) in
            guard state.stream == .running else { return (false, nil) }
            state.flushRequests.append(request)
            return (true, state.sleeperToWake())
        }
        sleeper?.wake()
        return queued ? request : nil
    }

    /// The thread is stuck in a write (a hung server): answers from the clock; the thread still flushes
    /// the device when it gets the chance.
    private func settleByClock(_ request: OneShot<[PlaybackProgress]>) -> [PlaybackProgress] {
        shared.withLock { state in
            if let progress = request.current { return progress }
            let progress = state.interruptWithoutDevice()
            request.complete(progress)
            return progress
        }
    }

    public func progress(of item: PlaybackItem) -> PlaybackProgress? {
        shared.withLock { $0.ledger.progress(of: item, playedPosition: $0.playedPosition(at: .now)) }
    }

    /// The playback loop, run on the stream thread.
    private func play(on thread: StreamThread, reportingTo started: OneShot<AudioError?>) {
        var stream: PulseSimpleStream?
        do {
            stream = try open()
        } catch {
            started.complete(error)
            return
        }
        update(on: thread) { state in
            state.stream = .running
            state.anchor = Anchor(position: state.ledger.writtenSamples, instant: .now, advancing: true)
        }
        started.complete(nil)
        var backoff = ReconnectBackoff()
        /// Silence still to write after the last audio, once the queue has stayed empty for a buffer's time.
        var trailer = 0
        while thread.shouldRun {
            guard let current = stream else {
                guard thread.pause(backoff.next()) else { break }
                do {
                    stream = try open()
                    update(on: thread) { state in
                        state.stream = .running
                        state.anchor = Anchor(position: state.ledger.writtenSamples, instant: .now, advancing: true)
                    }
                } catch {
                    update(on: thread) { $0.stream = .reconnecting(error) }
                }
                continue
            }
            do {
                try flushIfRequested(current, on: thread)
                if try writeQueuedFrame(current, on: thread) {
                    trailer = configuration.targetLatency.sampleCount
                } else if trailer > 0 {
                    if sleep(on: thread, timeout: configuration.targetLatency) { continue }
                    let count = min(trailer, PCM.frameSamples)
                    try writeSilence(count, to: current, on: thread)
                    trailer -= count
                } else if !sleep(on: thread, timeout: Self.idleCheckInterval) {
                    _ = try current.latencySamples()
                }
            } catch {
                stream = nil
                trailer = 0
                backoff = ReconnectBackoff()
                // The items under way are settled at what was heard when the server went away: their queued
                // audio is dropped, and nothing later (a barge-in after the server is back) touches them.
                var lost: [PlaybackProgress] = []
                var handler: (@Sendable ([PlaybackProgress]) -> Void)?
                update(on: thread) { state in
                    let now = ContinuousClock.now
                    state.anchor = Anchor(position: state.playedPosition(at: now), instant: now, advancing: false)
                    let progress = state.ledger.interrupt(playedPosition: state.anchor.position)
                    if state.flushRequests.isEmpty {
                        lost = progress
                        handler = state.audioLostHandler
                    } else {
                        for request in state.flushRequests { request.complete(progress) }
                        state.flushRequests = []
                    }
                    state.ledger.discardWritten(after: state.anchor.position)
                    state.levels.discard(from: state.anchor.position)
                    state.stream = .reconnecting(error)
                }
                if !lost.isEmpty { handler?(lost) }
            }
        }
    }

    /// Sleeps while there is nothing to write and no flush to serve.
    ///
    /// - Parameters:
    ///   - thread: the playback thread.
    ///   - timeout: the longest sleep, or nil to sleep until woken.
    /// - Returns: true when there may be work (woken, or work was already waiting), false after the timeout.
    @discardableResult
    private func sleep(on thread: StreamThread, timeout: Duration?) -> Bool {
        let idle = shared.withLock { state in
            guard state.ledger.queuedSamples == 0, state.flushRequests.isEmpty else { return false }
            state.sleeping = true
            return true
        }
        guard idle else { return true }
        let woken = thread.waitForWork(timeout: timeout)
        shared.withLock { $0.sleeping = false }
        return woken
    }

    /// Serves pending ``interrupt()`` calls: flush the stream and freeze the items at what will have been heard.
    private func flushIfRequested(_ stream: PulseSimpleStream, on thread: StreamThread) throws(AudioError) {
        guard shared.withLock({ !$0.flushRequests.isEmpty }) else { return }
        let before = try stream.latencySamples()
        try stream.flush()
        let after = try stream.latencySamples()
        let now = ContinuousClock.now
        var served: [OneShot<[PlaybackProgress]>] = []
        var progress: [PlaybackProgress] = []
        update(on: thread) { state in
            let written = state.ledger.writtenSamples
            let heardThrough = min(written, max(0, written - before + after))
            progress = state.ledger.interrupt(playedPosition: heardThrough)
            served = state.flushRequests
            state.flushRequests = []
            state.ledger.discardWritten(after: heardThrough)
            state.levels.discard(from: heardThrough)
            state.latencySamples = after
            state.anchor = Anchor(position: heardThrough - after, instant: now, advancing: true)
        }
        // Completed after the lock is released: completing resumes the interrupting task on the event loop.
        for request in served { request.complete(progress) }
    }

    /// Writes up to one frame of queued audio and updates the timing.
    ///
    /// - Returns: false when the queue was empty (nothing was written).
    private func writeQueuedFrame(_ stream: PulseSimpleStream, on thread: StreamThread) throws(AudioError) -> Bool {
        let frame = shared.withLock { state -> [Int16] in
            let start = state.ledger.writtenSamples
            let samples = state.ledger.take(upTo: PCM.frameSamples)
            guard !samples.isEmpty else { return [] }
            let scaled = samples.scaled(by: state.volume)
            state.levels.record(scaled, at: start)
            return scaled
        }
        guard !frame.isEmpty else { return false }
        try write(frame, to: stream, on: thread)
        return true
    }

    /// Writes `count` samples of silence after the last audio.
    private func writeSilence(_ count: Int, to stream: PulseSimpleStream, on thread: StreamThread) throws(AudioError) {
        let silence = [Int16](repeating: 0, count: count)
        shared.withLock { state in
            state.levels.record(silence, at: state.ledger.writtenSamples)
            state.ledger.writeSilence(count)
        }
        try write(silence, to: stream, on: thread)
    }

    /// Hands samples already counted on the timeline to the server, then reads the latency and moves the anchor.
    private func write(_ samples: [Int16], to stream: PulseSimpleStream, on thread: StreamThread) throws(AudioError) {
        try stream.write(samples)
        let latency = try stream.latencySamples()
        let now = ContinuousClock.now
        update(on: thread) { state in
            let played = max(0, state.ledger.writtenSamples - latency)
            state.latencySamples = latency
            state.anchor = Anchor(position: played, instant: now, advancing: true)
            state.ledger.observe(playedPosition: played, at: now)
        }
    }

    private func open() throws(AudioError) -> PulseSimpleStream {
        try PulseSimpleStream.open(
            .playback,
            device: configuration.device,
            server: PulseServer(explicit: configuration.server),
            applicationName: configuration.applicationName,
            streamName: "assistant",
            bufferSamples: configuration.targetLatency.sampleCount
        )
    }

    /// Changes the state unless `thread` has been told to stop (so a finished run cannot overwrite a new one).
    private func update(on thread: StreamThread, _ change: (inout State) -> Void) {
        shared.withLock { state in
            guard thread.shouldRun else { return }
            change(&state)
        }
    }
}
