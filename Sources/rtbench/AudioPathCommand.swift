import ArgumentParser
import AudioIO
import Foundation
import RealtimeCore
import Synchronization

/// Figure 5: the time rtconsole's own audio path adds, measured on a live call through PulseAudio.
struct AudioPathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio-path", abstract: "Figure 5: capture → wire, delta → PulseAudio, and the turn latency the console adds.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Seconds of speech played into the microphone (from call-loop.wav).")
    var seconds = 45

    @Option(help: "The simulator's pace.")
    var pace = 4.0

    @Option(help: "100 ms deltas enqueued one at a time, after the call, onto an empty playback queue.")
    var isolatedDeltas = 100

    /// The frames and deltas a paused CPU held up, given apart, and the pauses (nil when they could not be told apart).
    private struct HeldUpByPauses {
        /// Capture → wire of every frame, those held up included.
        var frames: Summary
        var framesHeld: Int
        /// Enqueued → written of every single delta, those held up included.
        var deltas: Summary
        var deltasHeld: Int
        var pauses: [CPUPauseWatch.Pause]?
    }

    /// Capture → wire, and its three parts.
    private struct InboundStages {
        var total: Summary
        var stream: Summary
        var session: Summary
        var writer: Summary
    }

    private static let appendPrefix = #"{"type":"input_audio_buffer.append","event_id":"rtc_"#

    func run() async throws {
        guard ProcessInfo.processInfo.environment["PULSE_SERVER"] != nil else {
            throw BenchError("PULSE_SERVER is not set: start a private daemon with scripts/pulse-test-daemon (scripts/bench does)")
        }
        guard AudioProbe.isLoaded else { throw BenchError("bench/audio-probe.so is not preloaded: run with LD_PRELOAD (scripts/bench does)") }
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: pace, logFolder: common.workFolder, name: "audio-path-sim")
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker"))
        try output.start()
        let input = PulseAudioInput(configuration: .init(device: "rt_mic.monitor"))
        let frames = try input.start()
        let playback = MarkingPlayback(output)
        let appends = Mutex<[(number: Int64, built: Int64)]>([])
        // The console's wiring (InteractiveCall): the session, its reader and the microphone pump all run on the
        // event loop that carries the socket, so a frame wakes only that loop on its way to the wire.
        let executor = EventLoopExecutor()
        var options = SessionOptions(endpoint: try simulator.endpoint, playback: playback, reconnect: .never)
        options.executor = executor
        let session = RealtimeSession(options: options) {
            direction, text in
            guard direction == .client, text.hasPrefix(Self.appendPrefix) else { return }
            let built = MonotonicTime.now()
            let number = Int64(text.dropFirst(Self.appendPrefix.count).prefix { $0.isNumber }) ?? -1
            appends.withLock { $0.append((number, built)) }
        }
        let watcher = SessionWatcher()
        let reading = watcher.watch(session, on: executor)
        try await Task(executorPreference: executor) { try await session.connect() }.value
        let captured = Mutex<[(captured: Int64, handed: Int64)]>([])
        // What the console does with each microphone frame (InteractiveCall.pumpMicrophone).
        let pump = Task(executorPreference: executor) {
            for await frame in frames {
                let handed = MonotonicTime.now()
                captured.withLock { $0.append((MonotonicTime.of(frame.capturedAt), handed)) }
                await session.sendAudio(frame.samples)
            }
        }
        let latencies = Task { () -> [Double] in
            var values: [Double] = []
            while !Task.isCancelled {
                values.append(output.outputLatency.seconds * 1000)
                try? await Task.sleep(for: .milliseconds(100))
            }
            return values
        }
        Progress.say("figure 5: a live call through PulseAudio: \(seconds) s of speech into rt_mic, replies played to rt_speaker")
        let pauseWatch = CPUPauseWatch()
        let speaker = try ChildProcess(
            "paplay", ["--device=rt_mic", common.input("call-loop.wav").path],
            errorLog: common.workFolder.appendingPathComponent("audio-path-paplay.log"))
        try await Task.sleep(for: .seconds(seconds))
        await speaker.stop(signal: SIGTERM)
        try? await watcher.wait("the last reply", timeout: .seconds(15)) { !$0.responding }
        try await Task.sleep(for: .seconds(2))
        input.stop()
        await pump.value
        latencies.cancel()
        let outputLatency = Summary(await latencies.value)
        let turns = await session.completedTurns
        await session.finish()
        await reading.value
        await simulator.stop()

        Progress.say("figure 5: \(isolatedDeltas) single 100 ms deltas enqueued onto an empty playback queue at irregular intervals")
        _ = await output.interrupt()
        let firstIsolated = playback.nextMarker
        let delta = Array(try common.sentences()[2].prefix(2_400))
        for index in 0..<isolatedDeltas {
            try await Task.sleep(for: .milliseconds(200 + index * 37 % 61))
            playback.enqueue(delta, for: PlaybackItem(itemID: "isolated_\(index)"))
        }
        try await Task.sleep(for: .milliseconds(300))
        output.stop()
        pauseWatch.stop()
        let pauses = pauseWatch.found

        let wire = AudioProbe.read(.socketAppends)
        let written = AudioProbe.read(.pulseWrites)
        let called = AudioProbe.read(.pulseCalls)
        let sent = zip(appends.withLock { $0 }, captured.withLock { $0 }).compactMap { append, frame in
            wire[append.number].map { (captured: frame.captured, handed: frame.handed, built: append.built, written: $0) }
        }
        let milliseconds = { (from: Int64, to: Int64) in Double(to - from) / 1e6 }
        // The path crosses threads on both CPUs: a frame is held up by a pause of either.
        let clear = sent.filter { !CPUPauseWatch.anyPause(in: pauses, from: $0.captured, to: $0.written) }
        let inbound = InboundStages(
            total: Summary(clear.map { milliseconds($0.captured, $0.written) }), stream: Summary(clear.map { milliseconds($0.captured, $0.handed) }),
            session: Summary(clear.map { milliseconds($0.handed, $0.built) }), writer: Summary(clear.map { milliseconds($0.built, $0.written) }))
        let enqueued = playback.enqueueTimes
        let firsts = playback.replyStarts.filter { $0 < firstIsolated }
        func spans(_ markers: [Int64], to times: [Int64: Int64]) -> [(start: Int64, end: Int64)] {
            markers.compactMap { marker in enqueued[marker].flatMap { at in times[marker].map { (at, $0) } } }
        }
        func delays(_ spans: [(start: Int64, end: Int64)]) -> Summary {
            Summary(spans.map { milliseconds($0.start, $0.end) })
        }
        func clearOfPauses(_ spans: [(start: Int64, end: Int64)]) -> [(start: Int64, end: Int64)] {
            spans.filter { !CPUPauseWatch.anyPause(in: pauses, from: $0.start, to: $0.end) }
        }
        let isolated = Array(firstIsolated..<firstIsolated + Int64(isolatedDeltas))
        let isolatedWritten = spans(isolated, to: written)
        let isolatedWrittenClear = clearOfPauses(isolatedWritten)
        try figure(
            inbound: inbound, frames: captured.withLock { $0.count },
            heldUp: .init(
                frames: Summary(sent.map { milliseconds($0.captured, $0.written) }), framesHeld: sent.count - clear.count,
                deltas: delays(isolatedWritten), deltasHeld: isolatedWritten.count - isolatedWrittenClear.count, pauses: pauses),
            replyStart: delays(spans(Array(firsts), to: written)), isolatedCalled: delays(clearOfPauses(spans(isolated, to: called))),
            isolatedWritten: delays(isolatedWrittenClear), outputLatency: outputLatency, turns: turns
        )
        .save(in: common.resultsFolder)
    }

    private func figure(
        inbound: InboundStages, frames: Int, heldUp: HeldUpByPauses, replyStart: Summary, isolatedCalled: Summary, isolatedWritten: Summary,
        outputLatency: Summary, turns: [TurnMetrics]
    ) -> FigureResult {
        func milliseconds(_ from: Date?, _ to: Date?) -> Double? {
            guard let from, let to else { return nil }
            return to.timeIntervalSince(from) * 1000
        }
        let spoken = turns.filter { $0.speechEndedAt != nil && $0.firstAudioDeltaAt != nil && $0.firstAudibleAt != nil }
        let server = Summary(spoken.compactMap { milliseconds($0.speechEndedAt, $0.firstAudioDeltaAt) })
        let console = Summary(spoken.compactMap { milliseconds($0.firstAudioDeltaAt, $0.firstAudibleAt) })
        let total = Summary(spoken.compactMap { milliseconds($0.speechEndedAt, $0.firstAudibleAt) })
        func row(_ name: String, _ s: Summary, _ count: String) -> [String] {
            [name, Units.time(milliseconds: s.median), Units.time(milliseconds: s.p99) + (s.isP99Maximum ? " (max)" : ""), count]
        }
        return FigureResult(
            figure: "5", title: "Audio path latency",
            method: """
                A live call in one process wired as the console wires it: `PulseAudioInput` on `rt_mic.monitor` → \
                `RealtimeSession.sendAudio` for each frame (as InteractiveCall does: the session, the microphone pump and the \
                reader of the session's updates on the `EventLoopExecutor` of the socket's loop), and the session's audio into \
                `PulseAudioOutput` on `rt_speaker`, against a separate `rtconsole sim --pace \(Int(pace))`, on a private PulseAudio \
                daemon with null sinks (scripts/pulse-test-daemon); `paplay` speaks espeak-ng sentences into `rt_mic`. \
                bench/audio-probe.so, preloaded, timestamps the return of each write()/writev() that carries an append \
                (matched by its event id) and the call and return of each pa_stream_write() that carries a delta's first \
                sample (a 3-sample marker stamped on every delta as it is enqueued). After the call, \(isolatedDeltas) single \
                100 ms deltas are enqueued 200–260 ms apart onto the empty queue to time the output path alone. Capture → wire runs from the frame's `capturedAt` (when \
                libpulse's read callback completed it) to its append on the socket. The turn rows come from the session's own turn \
                metrics: speech end (receipt of `speech_stopped`) → first audio delta is the server's part; first delta → \
                first audible sample (the output's played position, i.e. after the sink's latency) is what the console adds. \
                \(CPUPauseWatch.method) The capture and output rows count the frames and deltas no \
                pause overlapped (the path crosses threads on both CPUs, so a pause of either); those it held up are given \
                apart, in the rows that count them too.
                """,
            columns: ["stage", "median", "p99", "count"],
            rows: [
                row(
                    "capture frame → append written to the socket", inbound.total,
                    "\(inbound.total.count) of \(frames) frames (\(heldUp.framesHeld) held up by a CPU pause)"),
                row("↳ capture callback (libpulse thread) → microphone loop (AsyncStream)", inbound.stream, ""),
                row("↳ sendAudio → append text built (actor hop, base64)", inbound.session, ""),
                row("↳ append text → written to the socket (WebSocket writer, NIO)", inbound.writer, ""),
                row("first delta of a reply enqueued → written to PulseAudio (in the call)", replyStart, "\(replyStart.count) replies"),
                row("single delta enqueued → handed to pa_stream_write", isolatedCalled, "\(isolatedCalled.count) of \(isolatedDeltas) deltas"),
                row(
                    "single delta enqueued → written to PulseAudio (pa_stream_write returned)", isolatedWritten,
                    "\(isolatedWritten.count) of \(isolatedDeltas) deltas (\(heldUp.deltasHeld) held up by a CPU pause)"),
                row(
                    "capture frame → append written to the socket, counting the frames a CPU pause held up", heldUp.frames,
                    "\(heldUp.frames.count) frames"),
                row(
                    "single delta enqueued → written to PulseAudio, counting the deltas a CPU pause held up", heldUp.deltas,
                    "\(heldUp.deltas.count) deltas"),
                row("PulseAudio output latency (sink buffer, sampled every 100 ms)", outputLatency, "\(outputLatency.count) samples"),
                row("turn: speech end → first audio delta received (server)", server, "\(server.count) turns"),
                row("turn: first audio delta → first audible sample (console)", console, "\(console.count) turns"),
                row("turn: speech end → first audible sample (total)", total, "\(total.count) turns"),
            ],
            targets: [
                TargetCheck(
                    name: "capture frame → on the wire, added time", target: "p99 < 1 ms",
                    measured: Units.time(milliseconds: inbound.total.p99) + " p99 (" + Units.time(milliseconds: heldUp.frames.p99)
                        + " counting the frames a CPU pause held up)",
                    met: inbound.total.count > 0 ? inbound.total.p99 < 1 : nil),
                TargetCheck(
                    name: "output delta → written to PulseAudio, added time", target: "p99 < 1 ms",
                    measured: Units.time(milliseconds: isolatedWritten.p99) + " p99 (handed over: " + Units.time(milliseconds: isolatedCalled.p99)
                        + "; " + Units.time(milliseconds: heldUp.deltas.p99) + " counting the deltas a CPU pause held up)",
                    met: isolatedWritten.count > 0 ? isolatedWritten.p99 < 1 : nil),
            ],
            notes: [
                """
                The whole audio path adds, at the median, one 20 ms capture frame + \(Units.time(milliseconds: inbound.total.median)) \
                on the way in, and \(Units.time(milliseconds: isolatedWritten.median)) to reach PulseAudio + \
                \(Units.time(milliseconds: outputLatency.median)) of sink buffer on the way out.
                """,
                CPUPauseWatch.note(on: heldUp.pauses, heldUp: "the frames and deltas a pause overlapped"),
                """
                Output deltas are timed one at a time onto an empty queue: within a reply the simulator sends audio \
                \(Int(pace))× faster than it plays, so later deltas wait behind earlier audio, which is playback, not added time. \
                PulseAudioOutput writes on libpulse's mainloop thread; while the queue is empty the server's room waits, an \
                enqueue wakes that thread (a pipe) and it writes as much audio as the server has room for at once (the \
                server's buffer, the --audio-latency-ms target, is the jitter buffer), so what is timed here is the wake-up \
                and the hand-over, not a write cadence.
                """,
            ])
    }
}
