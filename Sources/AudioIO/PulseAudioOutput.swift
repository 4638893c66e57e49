import RealtimeCore
import Synchronization

/// Assistant audio played through a PulseAudio sink, with exact accounting of what was heard.
///
/// ## Jitter buffer and writing
/// ``enqueue(_:for:)`` appends to a `Mutex`-guarded queue (``PlaybackLedger``). The stream
/// (``PulsePlayback``) is written on libpulse's mainloop thread: whenever the server asks for audio, the
/// service takes as much of the queue as the server has room for, applies ``volume`` and writes it there and
/// then, so audio moves without waking any other thread. The server's buffer is the jitter buffer: its size
/// (`tlength`) is the target latency (`--audio-latency-ms`, 80 ms by default). After each write the service
/// reads the stream latency L. When the server had room but the queue was empty, the next enqueue wakes the
/// mainloop (a pipe, no lock) to write at once.
///
/// An idle console writes nothing. When the queue runs dry after audio and nothing follows within one
/// buffer's worth of time (a timer on the mainloop), the service writes that much silence as the server asks
/// for it, stopping as soon as audio arrives: audio shorter than the server's pre-buffer then still starts,
/// and a reply that resumes after the gap is counted in ``underrunCount`` instead of being heard as garbage.
///
/// ## Accounting
/// Every sample written, audio or silence, advances a timeline position W; each item remembers where its
/// samples sit on that timeline. The listener hears position P = W − L, extrapolated at 24 samples per
/// millisecond between writes and never past W. An item's heard milliseconds are the part of its samples before P.
///
/// ``interrupt()`` hands a flush request to the mainloop, which serves it at once: it reads the latency L0,
/// flushes the stream, and once the server has done it and sent fresh timing, reads the latency L1 of the
/// audio already in the sink that will still play, and freezes every item at P = W − L0 + L1, clamped to
/// what each item received. The caller's task waits for that without blocking its thread (normally about a
/// millisecond, at most 0.5 s, after which the figure is extrapolated instead). Audio enqueued later for an
/// interrupted item is dropped: it is a late delta of a cut response.
///
/// ## Losing the server
/// If the stream fails because the server went away, ``state`` becomes ``AudioStreamState/reconnecting(_:)``:
/// the heard position stops where it was, and queued audio is discarded (as is audio enqueued meanwhile)
/// because nobody hears it. Items stay open, so a later ``interrupt()`` still reports them as not fully
/// heard. A thread of the output's own sleeps until then and reopens the stream with backoff (0.1 s doubling
/// to 2 s); the output returns to ``AudioStreamState/running`` on its own and playback resumes with whatever
/// is enqueued next.
///
/// That thread keeps the output alive until ``stop()``: always stop an output you started.
public final class PulseAudioOutput: AudioOutput {
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
            state.thread = StreamThread.start(name: "audio.playback") { [self] thread in
                supervise(on: thread, reportingTo: started)
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

    /// Interrupts playback (so every item's heard figure is final), then closes the stream and ends the
    /// output's thread.
    public func stop() {
        if let request = requestFlush(), request.wait(timeout: Self.flushTimeout) == nil { _ = settleByClock(request) }
        guard let thread = shared.withLock({ $0.thread }) else { return }
        thread.requestStop()
        shared.withLock { state in
            state.anchor.advancing = false
            state.thread = nil
            state.waker = nil
            state.stream = .stopped
        }
    }

    @discardableResult
    public func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        let (lead, waker) = shared.withLock { state -> (Duration, PulsePlayback.Waker?) in
            let ahead = state.ledger.writtenSamples + state.ledger.queuedSamples - state.playedPosition(at: .now)
            state.ledger.enqueue(samples, for: item)
            let lead = Duration.samples(max(ahead, state.latencySamples))
            if case .reconnecting = state.stream {
                state.ledger.discardQueue()
                return (lead, nil)
            }
            return (lead, state.starvedServiceToWake())
        }
        waker?.wake()
        return lead
    }

    public func interrupt() async -> [PlaybackProgress] {
        guard let request = requestFlush() else { return shared.withLock { $0.interruptWithoutDevice() } }
        if let progress = await request.value(timeout: Self.flushTimeout) { return progress }
        return settleByClock(request)
    }

    /// The longest wait for the service to flush the device.
    static let flushTimeout: Duration = .milliseconds(500)

    /// Asks the stream's service to flush the device and freeze the items.
    ///
    /// - Returns: the request the service completes, or nil when no stream runs.
    private func requestFlush() -> OneShot<[PlaybackProgress]>? {
        let request = OneShot<[PlaybackProgress]>()
        let waker = shared.withLock { state -> PulsePlayback.Waker? in
            guard state.stream == .running, let waker = state.waker else { return nil }
            state.flushRequests.append(request)
            state.starved = false
            return waker
        }
        waker?.wake()
        return waker == nil ? nil : request
    }

    /// The mainloop is stuck (a hung server): answers from the clock; the service still flushes the
    /// device when it gets the chance.
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

    /// Opens the stream, sleeps while it plays, and reopens it with backoff when the server goes away (on
    /// the output's own thread; the audio itself is written by the stream's service on the mainloop thread).
    private func supervise(on thread: StreamThread, reportingTo started: OneShot<AudioError?>) {
        var playback: PulsePlayback?
        do {
            playback = try open(wake: thread)
        } catch {
            started.complete(error)
            return
        }
        started.complete(nil)
        var backoff = ReconnectBackoff()
        while thread.shouldRun {
            guard let current = playback else {
                guard thread.pause(backoff.next()) else { break }
                do {
                    playback = try open(wake: thread)
                } catch {
                    update(on: thread) { $0.stream = .reconnecting(error) }
                }
                continue
            }
            thread.waitForWork(timeout: nil)
            if let reason = current.failureReason {
                playback = nil
                backoff = ReconnectBackoff()
                lose(AudioError.disconnected("output", server: PulseServer(explicit: configuration.server), reason: reason), on: thread)
            }
        }
    }

    /// Opens a stream whose service plays the queue, and marks the output running.
    private func open(wake thread: StreamThread) throws(AudioError) -> PulsePlayback {
        let waker = try PulsePlayback.Waker()
        // Running before the stream connects, so the first service (as soon as the server asks) plays.
        update(on: thread) { state in
            state.waker = waker
            state.starved = false
            state.anchor = Anchor(position: state.ledger.writtenSamples, instant: .now, advancing: true)
        }
        do {
            let playback = try PulsePlayback(
                device: configuration.device,
                server: PulseServer(explicit: configuration.server),
                applicationName: configuration.applicationName,
                streamName: "assistant",
                bufferSamples: configuration.targetLatency.sampleCount,
                waker: waker,
                service: { [self] stream in service(stream) },
                onFailure: { thread.wake() }
            )
            update(on: thread) { $0.stream = .running }
            waker.wake()
            return playback
        } catch {
            update(on: thread) { state in
                state.waker = nil
                state.anchor.advancing = false
            }
            throw error
        }
    }

    /// The server went away: the items under way are settled at what was heard by then, their queued audio
    /// is dropped, and nothing later (a barge-in after the server is back) touches them.
    private func lose(_ error: AudioError, on thread: StreamThread) {
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
            state.waker = nil
            state.flushing = nil
            state.trailer = 0
            state.dryAt = nil
            state.stream = .reconnecting(error)
        }
        if !lost.isEmpty { handler?(lost) }
    }

    /// Serves the stream on the mainloop thread: a flush that was asked for, then as much queued audio (or
    /// trailing silence) as the server has room for.
    private func service(_ stream: PlaybackStreamAccess) {
        flushIfRequested(stream)
        var room = stream.writableSamples
        var wrote = false
        while room > 0 {
            let next = nextWrite(room: room)
            switch next.trailerTimer {
            case .start(let delay)?: stream.serviceAgain(after: delay)
            case .cancel?: stream.cancelServiceAgain()
            case nil: break
            }
            guard !next.samples.isEmpty, stream.write(next.samples) else { break }
            wrote = true
            room -= next.samples.count
        }
        guard wrote else { return }
        let latency = stream.latencySamples()
        let now = ContinuousClock.now
        shared.withLock { state in
            if let latency { state.latencySamples = latency }
            let played = max(0, state.ledger.writtenSamples - state.latencySamples)
            state.anchor = Anchor(position: played, instant: now, advancing: true)
            state.ledger.observe(playedPosition: played, at: now)
        }
    }

    /// What the service does with the timer that writes the trailer.
    private enum TrailerTimer {
        /// The queue just ran dry after audio: serve again when the trailer is due.
        case start(Duration)
        /// Audio came before the trailer was due.
        case cancel
    }

    /// What to write into `room` samples of the server's buffer: queued audio at the volume, or once the
    /// queue has been dry for a buffer's time after audio, silence; empty when there is nothing to write.
    private func nextWrite(room: Int) -> (samples: [Int16], trailerTimer: TrailerTimer?) {
        shared.withLock { state in
            guard state.flushing == nil else { return ([], nil) }
            let start = state.ledger.writtenSamples
            let queued = state.ledger.take(upTo: room)
            if !queued.isEmpty {
                let scaled = queued.scaled(by: state.volume)
                state.levels.record(scaled, at: start)
                state.trailer = configuration.targetLatency.sampleCount
                defer { state.dryAt = nil }
                return (scaled, state.dryAt == nil ? nil : .cancel)
            }
            state.starved = true
            guard state.trailer > 0 else { return ([], nil) }
            let now = ContinuousClock.now
            guard let dryAt = state.dryAt else {
                state.dryAt = now
                return ([], .start(configuration.targetLatency))
            }
            guard now - dryAt >= configuration.targetLatency else { return ([], nil) }
            let silence = [Int16](repeating: 0, count: min(state.trailer, room))
            state.levels.record(silence, at: start)
            state.ledger.writeSilence(silence.count)
            state.trailer -= silence.count
            return (silence, nil)
        }
    }

    /// Starts serving pending ``interrupt()`` calls: reads the latency L0 and flushes the stream; nothing is
    /// written until the flush is done (``finishFlush(_:latency:)``).
    private func flushIfRequested(_ stream: PlaybackStreamAccess) {
        let start = shared.withLock { state -> Bool in
            guard !state.flushRequests.isEmpty, state.flushing == nil else { return false }
            state.flushing = Flush(written: state.ledger.writtenSamples, latency: state.latencySamples)
            return true
        }
        guard start else { return }
        let latency = stream.latencySamples()
        if let latency { shared.withLock { $0.flushing?.latency = latency } }
        stream.flush { [self] stream, after in finishFlush(stream, latency: after) }
    }

    /// The server flushed the stream and the latency left is L1 (audio the sink will still play): freezes
    /// every item at P = W − L0 + L1, completes the interrupts, and writes what was queued meanwhile.
    private func finishFlush(_ stream: PlaybackStreamAccess, latency after: Int?) {
        let now = ContinuousClock.now
        var served: [OneShot<[PlaybackProgress]>] = []
        var progress: [PlaybackProgress] = []
        shared.withLock { state in
            guard let flush = state.flushing else { return }
            state.flushing = nil
            let remaining = min(after ?? 0, flush.latency)
            let heardThrough = min(flush.written, max(0, flush.written - flush.latency + remaining))
            progress = state.ledger.interrupt(playedPosition: heardThrough)
            served = state.flushRequests
            state.flushRequests = []
            state.ledger.discardWritten(after: heardThrough)
            state.levels.discard(from: heardThrough)
            state.latencySamples = remaining
            state.anchor = Anchor(position: heardThrough - remaining, instant: now, advancing: true)
            // The sink gives the stream back what it had taken but not played (L1), and the stream waits for
            // its pre-buffer before playing it: the trailer goes out at once, so that L1 plays now.
            if state.trailer > 0 { state.dryAt = now - configuration.targetLatency }
        }
        // Completed after the lock is released: completing resumes the interrupting task on the event loop.
        for request in served { request.complete(progress) }
        service(stream)
    }

    /// Changes the state unless `thread` has been told to stop (so a finished run cannot overwrite a new one).
    private func update(on thread: StreamThread, _ change: (inout State) -> Void) {
        shared.withLock { state in
            guard thread.shouldRun else { return }
            change(&state)
        }
    }
}
