import RealtimeCore
import Synchronization

/// Microphone capture from a PulseAudio source: 24 kHz mono S16LE in 20 ms frames.
///
/// A dedicated thread (never the cooperative pool) blocks in `pa_simple_read` with a fragment size of one
/// frame, measures each frame's level, runs the local ``SpeechDetector`` and yields a ``CapturedFrame``.
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

    /// The capture loop, run on the stream thread.
    private func capture(
        on thread: StreamThread,
        into continuation: AsyncStream<CapturedFrame>.Continuation,
        reportingTo started: OneShot<AudioError?>
    ) {
        var stream: PulseSimpleStream?
        do {
            stream = try open()
        } catch {
            started.complete(error)
            return
        }
        update(on: thread) { $0.stream = .running }
        started.complete(nil)
        var detector = SpeechDetector(configuration: configuration.speechDetection)
        var buffer = [Int16](repeating: 0, count: PCM.frameSamples)
        var backoff = ReconnectBackoff()
        while thread.shouldRun {
            guard let current = stream else {
                guard thread.pause(backoff.next()) else { break }
                do {
                    stream = try open()
                    update(on: thread) { $0.stream = .running }
                } catch {
                    update(on: thread) { $0.stream = .reconnecting(error) }
                }
                continue
            }
            do {
                try current.read(into: &buffer)
            } catch {
                stream = nil
                backoff = ReconnectBackoff()
                update(on: thread) { $0.stream = .reconnecting(error) }
                continue
            }
            let samples = isMuted ? [Int16](repeating: 0, count: PCM.frameSamples) : buffer
            let level = AudioLevel.measure(samples)
            let speech = detector.process(level)
            continuation.yield(CapturedFrame(samples: samples, level: level, speechLikely: speech, capturedAt: .now))
        }
        continuation.finish()
    }

    private func open() throws(AudioError) -> PulseSimpleStream {
        try PulseSimpleStream.open(
            .record,
            device: configuration.device,
            server: PulseServer(explicit: configuration.server),
            applicationName: configuration.applicationName,
            streamName: "microphone",
            bufferSamples: PCM.frameSamples
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
