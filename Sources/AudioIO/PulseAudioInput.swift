import RealtimeCore
import Synchronization

/// Microphone capture from a PulseAudio source: 24 kHz mono S16LE in 20 ms frames.
///
/// The server's chunks are read on libpulse's mainloop thread (``PulseRecording``, a fragment size of one
/// frame), cut into frames, measured, run through the local ``SpeechDetector`` and yielded as
/// ``CapturedFrame``s; a dedicated thread (never the cooperative pool) opens the stream and reopens it.
/// The server is libpulse's choice (`PULSE_SERVER`, then the per-user socket) unless one is configured.
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

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - device: the source to capture from, or nil for the default.
        ///   - server: the server address, or nil for libpulse's choice.
        ///   - applicationName: the client name the server shows.
        ///   - speechDetection: thresholds of the local speech estimate.
        public init(
            device: String? = nil,
            server: String? = nil,
            applicationName: String = "rtconsole",
            speechDetection: SpeechDetector.Configuration = .init()
        ) {
            self.device = device
            self.server = server
            self.applicationName = applicationName
            self.speechDetection = speechDetection
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

    public func start() throws(AudioError) -> AsyncStream<CapturedFrame> {
        let (frames, continuation) = AsyncStream.makeStream(of: CapturedFrame.self, bufferingPolicy: .bufferingNewest(50))
        let started = OneShot<AudioError?>()
        let launched = shared.withLock { state in
            guard state.thread == nil else { return false }
            state.thread = StreamThread.start(name: "rtconsole capture") { [self] thread in
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
        let frames = FrameHandler(input: self, continuation: continuation, detection: configuration.speechDetection)
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

    /// Measures each frame, runs the local speech estimate and yields it (on libpulse's mainloop thread).
    private final class FrameHandler: Sendable {
        private let input: PulseAudioInput
        private let continuation: AsyncStream<CapturedFrame>.Continuation
        private let detector: Mutex<SpeechDetector>

        init(input: PulseAudioInput, continuation: AsyncStream<CapturedFrame>.Continuation, detection: SpeechDetector.Configuration) {
            self.input = input
            self.continuation = continuation
            detector = Mutex(SpeechDetector(configuration: detection))
        }

        func handle(_ captured: [Int16]) {
            let samples = input.isMuted ? [Int16](repeating: 0, count: captured.count) : captured
            let level = AudioLevel.measure(samples)
            let speech = detector.withLock { $0.process(level) }
            continuation.yield(CapturedFrame(samples: samples, level: level, speechLikely: speech, capturedAt: .now))
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
