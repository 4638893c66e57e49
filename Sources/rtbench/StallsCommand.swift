import ArgumentParser
import AudioIO
import Foundation
import RealtimeCore
import Synchronization

/// Figure 7: how long the call's event loop stops handling events during a barge-in and during an autosave.
struct StallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stalls", abstract: "Figure 7: the longest stall of event handling during a barge-in and during an autosave.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Barge-ins to make (each after a reply has played for a moment).")
    var bargeIns = 20

    @Option(help: "Conversation entries loaded as history, so every autosave writes a large record.")
    var historyEntries = 2_000

    @Option(help: "The simulator's pace.")
    var pace = 4.0

    func run() async throws {
        guard ProcessInfo.processInfo.environment["PULSE_SERVER"] != nil else {
            throw BenchError("PULSE_SERVER is not set: start a private daemon with scripts/pulse-test-daemon (scripts/bench does)")
        }
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: pace, logFolder: common.workFolder, name: "stalls-sim")
        let output = PulseAudioOutput(configuration: .init(device: "rt_speaker"))
        try output.start()
        defer { output.stop() }
        let executor = EventLoopExecutor()
        let autosave = common.workFolder.appendingPathComponent("stalls-autosave.json")
        var options = SessionOptions(endpoint: try simulator.endpoint, playback: output, reconnect: .never)
        options.executor = executor
        options.autosave = autosave
        options.history = Self.history(entries: historyEntries)
        let doneAt = Stamps()
        let session = RealtimeSession(options: options) { direction, text in
            if direction == .server, text.contains("\"type\":\"response.done\"") { doneAt.add(MonotonicTime.now()) }
        }
        let watcher = SessionWatcher()
        let reading = watcher.watch(session)
        try await Task(executorPreference: executor) { try await session.connect() }.value
        let probe = LoopLagProbe(loop: executor.eventLoop)
        Progress.say("figure 7: \(bargeIns) barge-ins and autosaves of a \(historyEntries)-entry conversation, event loop probed every 250 µs")
        var bargeInStalls: [Double] = []
        var steadyStalls: [Double] = []
        for index in 0..<bargeIns {
            let before = watcher.read { $0.turns.count }
            try await session.sendText(
                "Please read this long sentence back to me slowly and clearly, number \(index + 1). " + String(repeating: "And again. ", count: 8))
            try await watcher.wait("reply \(index + 1) playing", timeout: .seconds(30)) { _ in true }
            try await Self.waitUntilAudible(session)
            let steadyStart = MonotonicTime.now()
            try await Task.sleep(for: .milliseconds(300))
            steadyStalls.append(probe.longestWait(from: steadyStart, to: MonotonicTime.now()))
            let start = MonotonicTime.now()
            await Task(executorPreference: executor) { _ = try? await session.interrupt() }.value
            try await Task.sleep(for: .milliseconds(50))
            bargeInStalls.append(probe.longestWait(from: start, to: MonotonicTime.now()))
            try await watcher.wait("the end of reply \(index + 1)", timeout: .seconds(30)) { $0.turns.count > before && !$0.responding }
            try await Task.sleep(for: .milliseconds(200))
        }
        let autosaveStalls = doneAt.all.map { probe.longestWait(from: $0, to: $0 + 100_000_000) }
        probe.stop()
        await session.finish()
        await reading.value
        await simulator.stop()
        let size = (try? FileManager.default.attributesOfItem(atPath: autosave.path)[.size] as? Int) ?? 0
        try? FileManager.default.removeItem(at: autosave)
        try figure(
            bargeIn: Summary(bargeInStalls), autosave: Summary(autosaveStalls), steady: Summary(steadyStalls), recordBytes: size,
            probes: probe.count
        )
        .save(in: common.resultsFolder)
    }

    /// Waits until assistant audio has been playing for a moment.
    private static func waitUntilAudible(_ session: RealtimeSession) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while await !session.isAssistantAudible {
            guard ContinuousClock.now < deadline else { throw BenchError("no reply became audible within 30 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(400))
    }

    /// A long earlier conversation, alternating user and assistant.
    private static func history(entries: Int) -> [ConversationEntry] {
        (0..<entries).map { index in
            ConversationEntry(
                id: "item_history_\(index)", speaker: index.isMultiple(of: 2) ? .user : .assistant,
                text: "Entry \(index) of the earlier conversation, long enough to weigh something in the saved record: "
                    + String(repeating: "words and more words ", count: 8), isPartial: false)
        }
    }

    private func figure(bargeIn: Summary, autosave: Summary, steady: Summary, recordBytes: Int, probes: Int) -> FigureResult {
        func row(_ name: String, _ s: Summary) -> [String] {
            [name, Units.time(milliseconds: s.median), Units.time(milliseconds: s.maximum), "\(s.count)"]
        }
        return FigureResult(
            figure: "7", title: "Event-loop stalls during a barge-in and an autosave",
            method: """
                A call wired as the console wires it: the session on an `EventLoopExecutor` (the loop that also carries its \
                WebSocket), replies played by `PulseAudioOutput` into `rt_speaker` on a private PulseAudio daemon, against a \
                separate `rtconsole sim --pace \(Int(pace))`, with \(historyEntries) entries of history so that every autosave \
                writes a \(Units.mebibytes(recordBytes)) record. A thread of its own hands the loop a tiny job every 250 µs and \
                records how long each waited before it ran (\(probes) jobs): the longest wait in a window is the longest stall \
                of event handling in it. A barge-in window runs from calling `interrupt()` (on the loop, as the console's \
                interrupt key does) until 50 ms after it returned, after the reply had played for 0.4 s; an autosave window is \
                the 100 ms after the socket delivered `response.done`, which queues the autosave. The steady rows are 300 ms \
                of a reply playing, for comparison.
                """,
            columns: ["window", "median of the longest stalls", "longest stall", "windows"],
            rows: [
                row("barge-in (flush, truncate, cancel)", bargeIn),
                row("autosave after response.done", autosave),
                row("steady: a reply playing", steady),
            ],
            targets: [
                TargetCheck(
                    name: "longest stall of event handling during a barge-in", target: "< 1 ms",
                    measured: Units.time(milliseconds: bargeIn.maximum), met: bargeIn.count > 0 ? bargeIn.maximum < 1 : nil),
                TargetCheck(
                    name: "longest stall of event handling during an autosave", target: "< 1 ms",
                    measured: Units.time(milliseconds: autosave.maximum), met: autosave.count > 0 ? autosave.maximum < 1 : nil),
            ],
            notes: [
                """
                A barge-in waits for the playback thread to flush the sink (normally within a frame) without holding the \
                loop: the session suspends, and other events are handled meanwhile. An autosave copies the record on the \
                loop and encodes and writes it on a `FileWorker` thread.
                """
            ]
        )
    }
}

/// Timestamps added from any thread.
private final class Stamps: Sendable {
    private let values = Mutex<[Int64]>([])

    func add(_ value: Int64) { values.withLock { $0.append(value) } }

    var all: [Int64] { values.withLock { $0 } }
}
