import ArgumentParser
import ConsoleUI
import Foundation
import RealtimeCore

/// Figure 1: what the hot operations cost, per call, in time and allocations.
struct MicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micro", abstract: "Figure 1: per-operation cost and allocations (encode, decode, render).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Timed calls of each codec operation.")
    var iterations = 20_000

    @Option(help: "Timed renders of each console size.")
    var renders = 2_000

    @Option(help: "Timed RealtimeSession.sendAudio calls (in bursts of 50, 20 ms apart).")
    var sends = 2_000

    func run() async throws {
        if !AllocationCounter.isActive { Progress.say("warning: the malloc interposer is not active; allocations will not be counted") }
        let speech = try common.sentences()
        let frame = Self.loudestFrame(in: speech[0])
        var results: [OperationResult] = []

        Progress.say("figure 1: encoding a 20 ms input frame (PCM → base64 → append JSON text), \(iterations) calls")
        results.append(
            OperationBenchmark("encode a 20 ms input frame (PCM → base64 → append JSON text)", iterations: iterations).run { index in
                let base64 = PCM.bytes(frame).base64EncodedString()
                blackHole(ClientEvent.appendText(base64Audio: base64, eventID: "rtc_\(index)"))
            })

        Progress.say("figure 1: encoding and queueing frames through RealtimeSession.sendAudio against rtconsole sim, \(sends) calls")
        results.append(try await sendAudio(frame))

        let delta = Self.audioDeltaText(Array(speech[0].prefix(2_400)))
        guard Self.decodeAudio(delta) == 2_400 else { throw BenchError("the 100 ms audio delta did not decode to 2400 samples") }
        Progress.say("figure 1: decoding a 100 ms output audio delta (JSON text → ServerEvent → PCM samples), \(iterations) calls")
        results.append(
            OperationBenchmark("decode a 100 ms output audio delta (JSON → ServerEvent → PCM)", iterations: iterations).run { _ in
                blackHole(Self.decodeAudio(delta))
            })

        let transcript = ServerEvent.outputAudioTranscriptDelta(ContentDeltaEvent(location: Self.location, delta: " seconds of"))
            .encoded(.ga, eventID: "event_CZk3Qx8TfB2mYv1RwNp5L")
        Progress.say("figure 1: decoding a transcript delta, \(iterations) calls")
        results.append(
            OperationBenchmark("decode a transcript delta (JSON → ServerEvent)", iterations: iterations).run { _ in
                blackHole(try? ServerEvent.decode(transcript, dialect: .ga))
            })

        Progress.say("figure 1: recording a 12-turn call against the in-process simulator for the console model")
        let (updates, endpoint) = try await ConsoleReplay.recordUpdates()
        for (width, height) in [(100, 30), (200, 60)] {
            let model = ConsoleReplay.model(from: updates, endpoint: endpoint, width: width, height: height)
            Progress.say("figure 1: rendering a full console frame at \(width)×\(height), \(renders) renders")
            results.append(
                OperationBenchmark(
                    "render one console frame to the Canvas at \(width)×\(height)", iterations: renders, warmup: 50,
                    countedIterations: 100
                ).run { _ in
                    blackHole(ConsoleRenderer.render(model))
                })
        }
        try figure(results, updates: updates.count).save(in: common.resultsFolder)
    }

    /// Figure 1 as a table with its targets.
    private func figure(_ results: [OperationResult], updates: Int) -> FigureResult {
        let rows = results.map { r in
            [
                r.name, Units.time(nanoseconds: r.nanoseconds.median), Units.time(nanoseconds: r.nanoseconds.p99),
                r.allocations.map { Units.number($0, decimals: 1) } ?? "–", r.bytes.map { Units.number($0, decimals: 0) } ?? "–",
                "\(r.nanoseconds.count)",
            ]
        }
        let queue = results[1]
        let decode = results[2]
        return FigureResult(
            figure: "1", title: "Per-operation cost and allocations",
            method: """
                Each operation is timed call by call with the continuous clock after a warm-up (a clock read, about 20–30 ns, \
                is included); the table gives the median and the 99th percentile. Allocations are calls to the malloc family \
                counted by ordo-one's malloc-interposer over a separate batch of calls, divided by the batch size. The input \
                frame and the audio delta are espeak-ng speech. "encode and queue" is `RealtimeSession.sendAudio` awaited \
                from outside the actor on a session connected to a separate `rtconsole sim` process: the actor hop, base64, \
                the append text, the event record for the console and the hand-over to the WebSocket writer; its \
                allocations are those of the whole client process during a burst, so they include the writer's work. \
                The console model was fed the \(updates) updates of a real 12-turn call to the simulator.
                """,
            columns: ["operation", "median", "p99", "allocs/op", "bytes/op", "calls"],
            rows: rows,
            targets: [
                TargetCheck(
                    name: "encode and queue a 20 ms input frame", target: "< 20 µs",
                    measured: "\(Units.time(nanoseconds: queue.nanoseconds.median)) median, \(Units.time(nanoseconds: queue.nanoseconds.p99)) p99",
                    met: queue.nanoseconds.median < 20_000),
                TargetCheck(
                    name: "decode a 100 ms output audio delta", target: "< 20 µs",
                    measured: "\(Units.time(nanoseconds: decode.nanoseconds.median)) median, \(Units.time(nanoseconds: decode.nanoseconds.p99)) p99",
                    met: decode.nanoseconds.median < 20_000),
            ])
    }

    /// Times `RealtimeSession.sendAudio` on a session connected to a separate simulator process.
    private func sendAudio(_ frame: [Int16]) async throws -> OperationResult {
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: 4, logFolder: common.workFolder, name: "micro-sim")
        let session = RealtimeSession(options: SessionOptions(endpoint: try simulator.endpoint, reconnect: .never))
        let watcher = SessionWatcher()
        let reading = watcher.watch(session)
        do {
            try await session.connect()
        } catch {
            await simulator.stop()
            throw BenchError("cannot connect to rtconsole sim: \(error.message)")
        }
        let burst = 50
        let clock = ContinuousClock()
        for _ in 0..<burst * 4 { await session.sendAudio(frame) }
        try await Task.sleep(for: .milliseconds(100))
        var times: [Double] = []
        for _ in 0..<max(1, sends / burst) {
            for _ in 0..<burst {
                let start = clock.now
                await session.sendAudio(frame)
                times.append((clock.now - start).nanoseconds)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        var allocations: Double?
        var bytes: Double?
        if AllocationCounter.isActive {
            let bursts = 10
            AllocationCounter.start()
            for _ in 0..<bursts {
                for _ in 0..<burst { await session.sendAudio(frame) }
                try await Task.sleep(for: .milliseconds(20))
            }
            let counted = AllocationCounter.stop()
            allocations = Double(counted.allocations) / Double(bursts * burst)
            bytes = Double(counted.bytes) / Double(bursts * burst)
        }
        await session.finish()
        await reading.value
        await simulator.stop()
        return OperationResult(
            name: "encode and queue a 20 ms input frame (RealtimeSession.sendAudio)", nanoseconds: Summary(times),
            allocations: allocations, bytes: bytes)
    }

    private static let location = ContentLocation(responseID: "resp_CZk3Qx8TfB2mYv1RwNp5J", itemID: "item_CZk3Qx8TfB2mYv1RwNp5K")

    /// A `response.output_audio.delta` as the simulator sends it.
    static func audioDeltaText(_ samples: [Int16]) -> String {
        ServerEvent.outputAudioDelta(ContentDeltaEvent(location: location, delta: PCM.bytes(samples).base64EncodedString()))
            .encoded(.ga, eventID: "event_CZk3Qx8TfB2mYv1RwNp5M")
    }

    /// Decodes an audio delta's wire text to samples; returns how many, or 0 when it fails.
    static func decodeAudio(_ text: String) -> Int {
        guard case .outputAudioDelta(let payload)? = try? ServerEvent.decode(text, dialect: .ga),
            let data = Data(base64Encoded: payload.delta), let samples = try? PCM.samples(fromLittleEndian: data)
        else { return 0 }
        return samples.count
    }

    /// The 20 ms frame with the most energy (real speech rather than the silence around it).
    static func loudestFrame(in samples: [Int16]) -> [Int16] {
        var best = Array(samples.prefix(PCM.frameSamples))
        var bestLevel = AudioLevel.measure(best).rmsDBFS
        var start = 0
        while start + PCM.frameSamples <= samples.count {
            let frame = Array(samples[start..<start + PCM.frameSamples])
            let level = AudioLevel.measure(frame).rmsDBFS
            if level > bestLevel {
                best = frame
                bestLevel = level
            }
            start += PCM.frameSamples
        }
        return best
    }
}
