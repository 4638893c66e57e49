import RealtimeCore
import Synchronization

/// Microphone capture from a PulseAudio source: 24 kHz mono S16LE in 20 ms frames.
///
/// The server's chunks are read on libpulse's mainloop thread (``PulseRecording``, a fragment size of one
/// frame), cut into frames, measured, run through the local ``SpeechDetector`` and yielded as
/// ``CapturedFrame``s; a dedicated thread (never the cooperative pool) opens the stream and reopens it.
/// The server is libpulse's choice (`PULSE_SERVER`, then the per-user socket) unless one is configured.
///
/// Once the local estimate has heard no speech for ``Configuration/quietAfter``, the ``pacing`` the
/// consumer sets lets the input gather quiet audio: under ``InputPacing/listening`` it yields
/// ``Configuration/listeningChunk`` at a time but still reads every 20 ms frame; under
/// ``InputPacing/idle`` it yields ``Configuration/quietChunk`` at a time and asks the server for chunks of
/// that length too. Nothing is dropped, and a quiet call costs a fraction of the wake-ups. The first frame
/// the estimate takes for speech (or the pacing becoming ``InputPacing/realTime``) ends that at once:
/// what was gathered goes out with it, and 20 ms frames resume.
///
/// If the server goes away during a call, ``state`` becomes ``AudioStreamState/reconnecting(_:)``, no
/// frames arrive, and the thread reopens the stream with backoff (0.1 s doubling to 2 s); when it
/// succeeds, frames resume and the state returns to ``AudioStreamState/running``. The stream returned by
/// ``start()`` stays open throughout. The frame buffer holds the newest second of audio: if the consumer
/// stalls longer, the oldest frames are dropped. The capture thread keeps the input alive until ``stop()``
/// or until the consumer drops the stream.
public final class PulseAudioInput: AudioInput {
    /// Where and how to capture.
    public struct Configuration: Sendable {
        /// A source name (see ``PulseDevices/list(server:)``), or nil for the server's default source.
        public var device: String?
        /// A server address, or nil for libpulse's choice (`PULSE_SERVER`, then the per-user socket).
        public var server: String?
        /// The client name the server shows.
        public var applicationName: String
        /// Thresholds of the local speech estimate.
        public var speechDetection: SpeechDetector.Configuration
        /// How long the local estimate must hear no speech before audio is gathered into longer chunks
        /// (when ``PulseAudioInput/pacing`` allows it).
        public var quietAfter: Duration
        /// The chunks yielded while the microphone is quiet under ``InputPacing/idle``: a whole number of
        /// 20 ms frames.
        public var quietChunk: Duration
        /// The chunks yielded while the microphone is quiet under ``InputPacing/listening``.
        public var listeningChunk: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - device: the source to capture from, or nil for the default.
        ///   - server: the server address, or nil for libpulse's choice.
        ///   - applicationName: the client name the server shows.
        ///   - speechDetection: thresholds of the local speech estimate.
        ///   - quietAfter: how long without speech before a quiet microphone is gathered into chunks.
        ///   - quietChunk: the length of those chunks while the call is idle (rounded down to whole frames,
        ///     at least one).
        ///   - listeningChunk: their length while a reply is under way.
        public init(
            device: String? = nil,
            server: String? = nil,
            applicationName: String = "rtconsole",
            speechDetection: SpeechDetector.Configuration = .init(),
            quietAfter: Duration = .seconds(1),
            quietChunk: Duration = .milliseconds(200),
            listeningChunk: Duration = .milliseconds(100)
        ) {
            self.device = device
            self.server = server
            self.applicationName = applicationName
            self.speechDetection = speechDetection
            self.quietAfter = quietAfter
            self.quietChunk = quietChunk
            self.listeningChunk = listeningChunk
        }
    }

    private struct State {
        var stream: AudioStreamState = .stopped
        var thread: StreamThread?
        var continuation: AsyncStream<CapturedFrame>.Continuation?
    }

    /// The configuration this input was created with.
    public let configuration: Configuration
    private let shared = Mutex(State())
    private let muted = Atomic<Bool>(false)
    private let currentPacing = Mutex(InputPacing.realTime)

    /// Creates an input; nothing is opened until ``start()``.
    ///
    /// - Parameter configuration: where and how to capture.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var isMuted: Bool {
        get { muted.load(ordering: .relaxed) }
        set { muted.store(newValue, ordering: .relaxed) }
    }

    public var state: AudioStreamState { shared.withLock { $0.stream } }

    /// How long a quiet microphone may be held back (``InputPacing/realTime`` by default: every frame as it
    /// comes). A consumer sets it from the call's state (`RealtimeSession.inputPacing`).
    public var pacing: InputPacing {
        get { currentPacing.withLock { $0 } }
        set { currentPacing.withLock { $0 = newValue } }
    }

    public func start() throws(AudioError) -> AsyncStream<CapturedFrame> {
        let (frames, continuation) = AsyncStream.makeStream(of: CapturedFrame.self, bufferingPolicy: .bufferingNewest(50))
        let started = OneShot<AudioError?>()
        let launched = shared.withLock { state in
            guard state.thread == nil else { return false }
            state.thread = StreamThread.start(name: "audio.capture") { [self] thread in
                capture(on: thread, into: continuation, reportingTo: started)
            }
            state.continuation = continuation
            return true
        }
        guard launched else { throw AudioError.alreadyStarted("PulseAudio input") }
        do {
            try started.awaitStartup("open a capture stream", server: PulseServer(explicit: configuration.server))
        } catch {
            stop()
            throw error
        }
        continuation.onTermination = { [weak self] _ in self?.stop() }
        return frames
    }

    public func stop() {
        guard let thread = shared.withLock({ $0.thread }) else { return }
        thread.requestStop()
        let continuation = shared.withLock { state in
            defer {
                state.thread = nil
                state.continuation = nil
                state.stream = .stopped
            }
            return state.continuation
        }
        continuation?.finish()
    }

    /// Supervises capture, on the stream thread: opens the recording, sleeps while its frames arrive on
    /// libpulse's thread, and reopens it with backoff when the server goes away.
    private func capture(
        on thread: StreamThread,
        into continuation: AsyncStream<CapturedFrame>.Continuation,
        reportingTo started: OneShot<AudioError?>
    ) {
        let frames = FrameHandler(input: self, continuation: continuation)
        var recording: PulseRecording?
        do {
            recording = try open(frames, wake: thread)
        } catch {
            started.complete(error)
            return
        }
        update(on: thread) { $0.stream = .running }
        started.complete(nil)
        var backoff = ReconnectBackoff()
        while thread.shouldRun {
            guard let current = recording else {
                guard thread.pause(backoff.next()) else { break }
                do {
                    recording = try open(frames, wake: thread)
                    update(on: thread) { $0.stream = .running }
                } catch {
                    update(on: thread) { $0.stream = .reconnecting(error) }
                }
                continue
            }
            thread.waitForWork(timeout: nil)
            if let reason = current.failureReason {
                recording = nil
                backoff = ReconnectBackoff()
                let server = PulseServer(explicit: configuration.server)
                update(on: thread) { $0.stream = .reconnecting(.disconnected("input", server: server, reason: reason)) }
            }
        }
        recording = nil
        continuation.finish()
    }

    /// Measures each frame, runs the local speech estimate and yields it, or gathers it while the microphone
    /// is quiet (on libpulse's mainloop thread).
    private final class FrameHandler: Sendable {
        private struct Pacing {
            var detector: SpeechDetector
            /// Consecutive frames without speech while batching was allowed.
            var quietFrames = 0
            /// Audio gathered while quiet, not yet yielded.
            var gathered: [Int16] = []
        }

        private let input: PulseAudioInput
        private let continuation: AsyncStream<CapturedFrame>.Continuation
        private let pacing: Mutex<Pacing>
        private let quietFramesNeeded: Int
        private let idleChunk: Int
        private let listeningChunk: Int

        init(input: PulseAudioInput, continuation: AsyncStream<CapturedFrame>.Continuation) {
            self.input = input
            self.continuation = continuation
            let configuration = input.configuration
            pacing = Mutex(Pacing(detector: SpeechDetector(configuration: configuration.speechDetection)))
            quietFramesNeeded = max(1, configuration.quietAfter.sampleCount / PCM.frameSamples)
            idleChunk = Self.wholeFrames(configuration.quietChunk)
            listeningChunk = Self.wholeFrames(configuration.listeningChunk)
        }

        private static func wholeFrames(_ duration: Duration) -> Int {
            max(1, duration.sampleCount / PCM.frameSamples) * PCM.frameSamples
        }

        /// Handles one 20 ms frame and returns the chunk length wanted from the server next.
        func handle(_ captured: [Int16]) -> Duration {
            let samples = input.isMuted ? [Int16](repeating: 0, count: captured.count) : captured
            let level = AudioLevel.measure(samples)
            let allowed = input.pacing
            let (ready, speech, gathering) = pacing.withLock { pacing -> ([Int16]?, Bool, Bool) in
                let speech = pacing.detector.process(level)
                pacing.quietFrames = allowed != .realTime && !speech ? pacing.quietFrames + 1 : 0
                guard pacing.quietFrames >= quietFramesNeeded else {
                    defer { pacing.gathered = [] }
                    return (pacing.gathered.isEmpty ? samples : pacing.gathered + samples, speech, false)
                }
                pacing.gathered += samples
                guard pacing.gathered.count >= (allowed == .idle ? idleChunk : listeningChunk) else { return (nil, speech, true) }
                defer { pacing.gathered = [] }
                return (pacing.gathered, speech, true)
            }
            if let ready {
                let chunkLevel = ready.count == samples.count ? level : AudioLevel.measure(ready)
                continuation.yield(CapturedFrame(samples: ready, level: chunkLevel, speechLikely: speech, capturedAt: .now))
            }
            return gathering && allowed == .idle ? .samples(idleChunk) : .samples(PCM.frameSamples)
        }
    }

    private func open(_ frames: FrameHandler, wake thread: StreamThread) throws(AudioError) -> PulseRecording {
        try PulseRecording(
            device: configuration.device,
            server: PulseServer(explicit: configuration.server),
            applicationName: configuration.applicationName,
            streamName: "microphone",
            onFrame: { frames.handle($0) },
            onFailure: { thread.wake() }
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
