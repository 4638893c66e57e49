import Foundation

/// Runs a call without a screen: streams a WAV file and typed messages, waits for every reply,
/// writes the replies' audio, the events and the transcript, and reports how it went.
public final class HeadlessCall: Sendable {
    /// What a finished call produced.
    public struct Result: Sendable {
        public var record: SessionRecord
        public var turns: [TurnMetrics]
        /// Milliseconds of input audio streamed.
        public var inputMilliseconds: Int
    }

    private let sessionOptions: SessionOptions
    private let options: HeadlessOptions
    private let log: @Sendable (String) -> Void

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
        let input = try loadInput()
        let playback = VirtualPlayback(realTime: !options.fast)
        var sessionOptions = self.sessionOptions
        sessionOptions.playback = playback
        let eventLog: EventLogWriter?
        do {
            eventLog = try options.events.map { (url: URL) throws(ExportError) in try EventLogWriter(url: url) }
        } catch {
            throw HeadlessError(error.description)
        }
        defer { eventLog?.close() }
        var wireTap: RealtimeSession.WireTap?
        if let eventLog { wireTap = { direction, text in eventLog.append(direction, text) } }
        let session = RealtimeSession(options: sessionOptions, wireTap: wireTap)
        let monitor = HeadlessMonitor(log: log)
        let consumer = Task { await monitor.consume(session.updates) }
        do {
            try await session.connect()
        } catch {
            consumer.cancel()
            throw HeadlessError("cannot start the call: \(error.message)")
        }
        do {
            for text in options.say {
                try await session.sendText(text)
                try await monitor.waitUntilIdle(timeout: options.responseTimeout, settle: .milliseconds(300))
            }
            if let input { try await stream(input, to: session, monitor: monitor) }
        } catch let error as SessionError {
            await session.finish()
            throw HeadlessError(error.message)
        } catch let error as HeadlessError {
            await session.finish()
            throw error
        } catch {
            await session.finish()
            throw HeadlessError("\(error)")
        }
        if let close = await monitor.fatalReason {
            await session.finish()
            throw HeadlessError(close)
        }
        await drain(session, playback)
        var record = await session.record()
        record.endedAt = Date()
        await session.finish()
        await consumer.value
        if let recorder = sessionOptions.recorder {
            do {
                try recorder.finish()
            } catch {
                throw HeadlessError(error.description)
            }
        }
        if let output = options.output {
            do {
                let writer = try WAVWriter(url: output, sampleRate: PCM.sampleRate, channels: 1)
                writer.append(playback.heardAudio())
                try writer.finish()
            } catch {
                throw HeadlessError(error.description)
            }
        }
        if let export = options.export {
            let format = TranscriptFormat(fileExtension: export.pathExtension) ?? .json
            do {
                try TranscriptExporter.write(record, as: format, to: export)
            } catch {
                throw HeadlessError(error.description)
            }
        }
        return Result(record: record, turns: record.turns, inputMilliseconds: input.map { PCM.milliseconds(forSamples: $0.count) } ?? 0)
    }

    /// Waits until the session has finished `count` responses (each turn the server ended gets one).
    private func waitForReplies(_ session: RealtimeSession, count: Int, monitor: HeadlessMonitor) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + options.responseTimeout
        while await session.completedTurns.count < count {
            if let reason = await monitor.fatalReason { throw HeadlessError(reason) }
            if clock.now > deadline { throw HeadlessError("no reply finished within \(options.responseTimeout.components.seconds) s; the server may be stalled") }
            try await Task.sleep(for: .milliseconds(2))
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
    private func drain(_ session: RealtimeSession, _ playback: VirtualPlayback) async {
        let clock = ContinuousClock()
        let deadline = clock.now + options.responseTimeout
        while clock.now < deadline, await session.isSynthesizingSpeech || playback.isPlaying {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func loadInput() throws(HeadlessError) -> [Int16]? {
        guard let url = options.input else { return nil }
        do {
            return try WAVAudio.read(contentsOf: url).monoSamples(at: PCM.sampleRate)
        } catch {
            throw HeadlessError(error.description)
        }
    }

    private func stream(_ samples: [Int16], to session: RealtimeSession, monitor: HeadlessMonitor) async throws {
        let frame = PCM.frameSamples
        let config = await session.desiredConfig
        let manual = config.turnDetection == nil
        let turnEndingSilenceMs: Int
        switch config.turnDetection {
        case .serverVAD(let v)?: turnEndingSilenceMs = v.silenceDurationMs + 200
        case .semanticVAD?: turnEndingSilenceMs = 2_000
        case nil: turnEndingSilenceMs = 0
        }
        let all = samples + [Int16](repeating: 0, count: PCM.samples(forMilliseconds: manual ? 0 : turnEndingSilenceMs + 400))
        let pauses = options.fast && !manual ? Self.turnEnds(all, silenceMs: turnEndingSilenceMs) : []
        let repliesBeforeAudio = await session.completedTurns.count - session.speechStopCount
        let clock = ContinuousClock()
        var deadline = clock.now
        var offset = 0
        while offset < all.count {
            let end = min(offset + frame, all.count)
            await session.sendAudio(Array(all[offset..<end]))
            offset = end
            if !options.fast {
                deadline += .milliseconds(PCM.frameMilliseconds)
                try await clock.sleep(until: deadline)
            } else if pauses.contains(offset / frame) {
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
    }
}
