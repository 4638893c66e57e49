import AudioIO
import Foundation
import RealtimeCore
import Synchronization

/// Runs a call without a screen: streams a WAV file and typed messages, waits for every reply,
/// writes the replies' audio, the events and the transcript, and reports how it went.
///
/// The microphone is a ``WAVAudioInput`` and the speaker a ``WAVAudioOutput`` (or a ``NullAudioOutput``
/// without `--output`): the same devices and the same playback clock a test or a console would use, at
/// real time, or with `--fast` as fast as the server takes the audio and heard the moment it arrives.
public final class HeadlessCall: Sendable {
    /// What a finished call produced.
    public struct Result: Sendable {
        public var record: SessionRecord
        public var turns: [TurnMetrics]
        /// Milliseconds of input audio streamed.
        public var inputMilliseconds: Int
        /// Whether and where the session's record was saved; nil without an autosave file.
        public var saved: AutosaveWriter.Outcome?
    }

    private let sessionOptions: SessionOptions
    private let options: HeadlessOptions
    private let log: @Sendable (String) -> Void
    private let stopRequested = Atomic<Bool>(false)
    private let runningMonitor = Mutex<HeadlessMonitor?>(nil)

    /// Ends the call as if the input had ended now (a signal): nothing more is sent, the reply under way is
    /// not waited for, and everything asked for is written.
    public func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
        if let monitor = runningMonitor.withLock({ $0 }) { Task { await monitor.stop() } }
    }

    /// True once ``requestStop()`` was called.
    public var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// Creates a headless call. `log` receives progress lines (the transcript as it is finalised, notices).
    public init(session: SessionOptions, options: HeadlessOptions, log: @escaping @Sendable (String) -> Void) {
        self.sessionOptions = session
        self.options = options
        self.log = log
    }

    /// Runs the call to the end.
    ///
    /// - Throws: `HeadlessError` with one line: a bad input file, a connection failure, a reply that never came.
    public func run() async throws(HeadlessError) -> Result {
        let input = try makeInput()
        let rate: PlaybackRate = options.fast ? .instant : .realTime
        let output: any AudioOutput = options.output.map { WAVAudioOutput(url: $0, rate: rate) } ?? NullAudioOutput(rate: rate)
        do {
            try output.start()
        } catch {
            throw HeadlessError(error.description)
        }
        let eventLog: EventLogWriter?
        do {
            eventLog = try options.events.map { (url: URL) throws(ExportError) in try EventLogWriter(url: url) }
        } catch {
            output.stop()
            throw HeadlessError(error.description)
        }
        let outcome: Swift.Result<Result, HeadlessError>
        do throws(HeadlessError) {
            outcome = .success(try await call(input: input, output: output, eventLog: eventLog))
        } catch {
            outcome = .failure(error)
        }
        await eventLog?.close()
        return try outcome.get()
    }

    /// The call itself, from connecting to the last file written.
    private func call(input: WAVAudioInput?, output: any AudioOutput, eventLog: EventLogWriter?) async throws(HeadlessError) -> Result {
        var sessionOptions = self.sessionOptions
        sessionOptions.playback = output
        var wireTap: RealtimeSession.WireTap?
        if let eventLog { wireTap = { direction, text in eventLog.append(direction, text) } }
        let session = RealtimeSession(options: sessionOptions, wireTap: wireTap)
        let monitor = HeadlessMonitor(log: log)
        runningMonitor.withLock { $0 = monitor }
        if isStopping { await monitor.stop() }
        let consumer = Task { await monitor.consume(session.updates) }
        do {
            try await session.connect()
        } catch {
            consumer.cancel()
            output.stop()
            throw HeadlessError("cannot start the call: \(error.message)")
        }
        // A call that fails part-way still leaves what it has: the session file, the export and the output.
        var failure: String?
        do {
            for text in options.say where !isStopping {
                let before = await session.completedTurns.count
                try await session.sendText(text)
                try await waitUntilAnswered(session, after: before, monitor: monitor)
            }
            if let input {
                if session.api == .live {
                    try await LiveInputStreamer(options: options) { [self] in isStopping }.stream(input, to: session, monitor: monitor)
                } else {
                    try await stream(input, to: session, monitor: monitor)
                }
            }
        } catch let error as SessionError {
            failure = error.message
        } catch let error as HeadlessError {
            failure = error.message
        } catch {
            failure = "\(error)"
        }
        if failure == nil { failure = await monitor.fatalReason }
        if failure == nil, !isStopping { await drain(session, output) }
        await session.finish()
        let record = await session.record()
        let saved = await session.saveRecord()
        await consumer.value
        // Each file is finished on its own: one that fails (a full disk) never takes the others with it.
        var failures: [String] = []
        do {
            try await sessionOptions.recorder?.finish()
        } catch {
            failures.append(error.description)
        }
        do {
            if let wav = output as? WAVAudioOutput {
                try await wav.finish()
            } else {
                output.stop()
            }
        } catch {
            failures.append(error.description)
        }
        var written: [String] = []
        if case .saved(let url)? = saved { written.append(url.path) }
        if let export = options.export {
            let format = TranscriptFormat(fileExtension: export.pathExtension) ?? .json
            do {
                try TranscriptExporter.write(record, as: format, to: export)
                written.append(export.path)
            } catch {
                failures.append(error.description)
            }
        }
        if let failure { failures.insert(failure, at: 0) }
        if !failures.isEmpty {
            let kept = written.isEmpty ? "" : "; the call's record is in \(written.joined(separator: " and "))"
            throw HeadlessError(failures.joined(separator: "; ") + kept)
        }
        return Result(
            record: record, turns: record.turns, inputMilliseconds: input.map { PCM.milliseconds(forSamples: $0.samples.count) } ?? 0,
            saved: saved)
    }

    /// Waits until a reply to what was just sent has finished and nothing is under way any more: no reply
    /// asked for or streaming, no tool running or waiting to be answered (a reply that calls a tool goes on
    /// after it). Never on quiet alone: a server may take its time before it starts.
    /// `turns` nil waits only until nothing is under way.
    private func waitUntilAnswered(_ session: RealtimeSession, after turns: Int?, monitor: HeadlessMonitor) async throws {
        try await waitUntil(every: .milliseconds(10), monitor: monitor) {
            guard await session.completedTurns.count > turns ?? -1 else { return false }
            return await session.isSettled
        }
    }

    /// Waits until the session has finished `count` responses (each turn the server ended gets one).
    private func waitForReplies(_ session: RealtimeSession, count: Int, monitor: HeadlessMonitor) async throws {
        try await waitUntil(every: .milliseconds(2), monitor: monitor) { await session.completedTurns.count >= count }
    }

    /// Checks `done` every `interval` until it holds or the call is stopping; a fatal error of the session or
    /// the response timeout ends the wait with one line.
    private func waitUntil(every interval: Duration, monitor: HeadlessMonitor, _ done: () async -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + options.responseTimeout
        while !isStopping {
            if await done() { return }
            if let reason = await monitor.fatalReason { throw HeadlessError(reason) }
            if clock.now > deadline {
                throw HeadlessError("no reply finished within \(options.responseTimeout.components.seconds) s; the server may be stalled")
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Starts streaming a WAV file's frames; a file that cannot be read is one line.
    static func frames(of input: WAVAudioInput) throws(HeadlessError) -> AsyncStream<CapturedFrame> {
        do {
            return try input.start()
        } catch {
            throw HeadlessError(error.description)
        }
    }

    /// Frame numbers after which a turn has ended: speech, then `silenceMs` of quiet (below −45 dBFS).
    static func turnEnds(_ samples: [Int16], silenceMs: Int) -> Set<Int> {
        let frame = PCM.frameSamples
        let needed = max(1, silenceMs / PCM.frameMilliseconds)
        var ends: Set<Int> = []
        var heardSpeech = false
        var quietFrames = 0
        for index in 0..<(samples.count / frame) {
            let level = AudioLevel.measure(samples[index * frame..<(index + 1) * frame])
            if level.rmsDBFS > -45 {
                heardSpeech = true
                quietFrames = 0
            } else if heardSpeech {
                quietFrames += 1
                if quietFrames == needed {
                    ends.insert(index + 1)
                    heardSpeech = false
                }
            }
        }
        return ends
    }

    /// Lets the last reply finish: speech still being synthesised, then audio still playing (in real time).
    private func drain(_ session: RealtimeSession, _ output: any AudioOutput) async {
        let clock = ContinuousClock()
        let deadline = clock.now + options.responseTimeout
        while clock.now < deadline, await session.isSynthesizingSpeech || Self.isPlaying(output) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func isPlaying(_ output: any AudioOutput) -> Bool {
        (output as? WAVAudioOutput)?.isPlaying ?? (output as? NullAudioOutput)?.isPlaying ?? false
    }

    /// The silence after the input's audio that lets the server's VAD end the last turn.
    private var turnEndingSilenceMs: Int {
        switch sessionOptions.config.turnDetection {
        case .serverVAD(let v)?: v.silenceDurationMs + 200
        case .semanticVAD?: 2_000
        case nil: 0
        }
    }

    private func makeInput() throws(HeadlessError) -> WAVAudioInput? {
        guard let url = options.input else { return nil }
        let manual = sessionOptions.config.turnDetection == nil
        do {
            return try WAVAudioInput(
                url: url, pacing: options.fast ? .asFastAsConsumed : .realTime,
                trailingSilence: .milliseconds(manual ? 0 : turnEndingSilenceMs + 400))
        } catch {
            throw HeadlessError(error.description)
        }
    }

    private func stream(_ input: WAVAudioInput, to session: RealtimeSession, monitor: HeadlessMonitor) async throws {
        let config = sessionOptions.config
        let manual = config.turnDetection == nil
        let silence = [Int16](repeating: 0, count: input.trailingSilence.sampleCount)
        let pauses = options.fast && !manual ? Self.turnEnds(input.samples + silence, silenceMs: turnEndingSilenceMs) : []
        let repliesBeforeAudio = await session.completedTurns.count - session.speechStopCount
        let frames = try HeadlessCall.frames(of: input)
        defer { input.stop() }
        var sent = 0
        for await frame in frames {
            if isStopping { return }
            await session.sendAudio(frame.samples)
            sent += 1
            if pauses.contains(sent) {
                // The server has everything that ends this turn: once it has processed it, let it answer
                // before the next sentence starts (else the sentence would cut the reply off).
                await session.syncWithServer()
                if config.turnDetection?.createsResponse == true {
                    try await waitForReplies(session, count: await session.speechStopCount + repliesBeforeAudio, monitor: monitor)
                }
            }
            if let reason = await monitor.fatalReason { throw HeadlessError(reason) }
        }
        if manual {
            try await session.endPushToTalk()
        }
        try await monitor.waitUntilIdle(timeout: options.responseTimeout, settle: .milliseconds(options.fast ? 300 : 1200))
        try await waitUntilAnswered(session, after: nil, monitor: monitor)
    }
}
