import ArgumentParser
import AudioIO
import Foundation
import RealtimeCore

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
        MallocSettings.apply()
        let executor = EventLoopExecutor()
        let autosave = common.workFolder.appendingPathComponent("stalls-autosave.json")
        var options = SessionOptions(endpoint: try simulator.endpoint, playback: output, reconnect: .never)
        options.executor = executor
        options.autosave = autosave
        options.afterAutosave = MallocSettings.returnFreePages
        options.history = Self.history(entries: historyEntries)
        let doneAt = PostedValues<Int64>()
        let session = RealtimeSession(options: options) { direction, text in
            if direction == .server, Self.isResponseDone(text) { doneAt.post(MonotonicTime.now()) }
        }
        let watcher = SessionWatcher()
        let reading = watcher.watch(session, on: executor)
        try await Task(executorPreference: executor) { try await session.connect() }.value
        let pauseWatch = CPUPauseWatch()
        let probe = try LoopLagProbe(loop: executor.eventLoop, pauses: pauseWatch)
        Progress.say("figure 7: \(bargeIns) barge-ins and autosaves of a \(historyEntries)-entry conversation, event loop probed every 250 µs")
        var bargeInStalls: [LoopLagProbe.Stall] = []
        var autosaveStalls: [LoopLagProbe.Stall] = []
        var steadyStalls: [LoopLagProbe.Stall] = []
        for index in 0..<bargeIns {
            // A reply left to finish first: its response.done queues an autosave with no barge-in near it.
            let donesBefore = doneAt.all.count
            let beforeFinished = watcher.read { $0.turns.count }
            try await session.sendText("Answer briefly, number \(index + 1).")
            try await watcher.wait("the end of short reply \(index + 1)", timeout: .seconds(30)) {
                $0.turns.count > beforeFinished && !$0.responding
            }
            try await Task.sleep(for: .milliseconds(150))
            autosaveStalls += doneAt.all.dropFirst(donesBefore).map { probe.longestStall(from: $0, to: $0 + 100_000_000) }
            try await Self.waitUntilSilent(session)

            let before = watcher.read { $0.turns.count }
            try await session.sendText(
                "Please read this long sentence back to me slowly and clearly, number \(index + 1). " + String(repeating: "And again. ", count: 8))
            try await watcher.wait("reply \(index + 1) playing", timeout: .seconds(30)) { _ in true }
            try await Self.waitUntilAudible(session)
            let steadyStart = MonotonicTime.now()
            try await Task.sleep(for: .milliseconds(300))
            steadyStalls.append(probe.longestStall(from: steadyStart, to: MonotonicTime.now()))
            let start = MonotonicTime.now()
            await Task(executorPreference: executor) { _ = try? await session.interrupt() }.value
            try await Task.sleep(for: .milliseconds(50))
            bargeInStalls.append(probe.longestStall(from: start, to: MonotonicTime.now()))
            try await watcher.wait("the end of reply \(index + 1)", timeout: .seconds(30)) { $0.turns.count > before && !$0.responding }
            try await Task.sleep(for: .milliseconds(200))
        }
        probe.stop()
        pauseWatch.stop()
        await session.finish()
        await reading.value
        await simulator.stop()
        let size = (try? FileManager.default.attributesOfItem(atPath: autosave.path)[.size] as? Int) ?? 0
        try? FileManager.default.removeItem(at: autosave)
        try figure(
            bargeIn: bargeInStalls, autosave: autosaveStalls, steady: steadyStalls, recordBytes: size, probes: probe.count,
            pauses: pauseWatch.found
        )
        .save(in: common.resultsFolder)
    }

    /// How a `response.done` frame names its type.
    private static let responseDone = Array(#""type":"response.done""#.utf8)

    /// Whether a server frame is `response.done`. This runs on the loop for every frame, inside the
    /// measurement: it compares bytes at each offset of the frame's first 96 (where the simulator writes the
    /// type), well under a microsecond, where Foundation's `contains` bridged every frame to an NSString.
    private static func isResponseDone(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let end = min(bytes.count, 96) - responseDone.count
            guard end >= 0 else { return false }
            return (0...end).contains { offset in
                responseDone.indices.allSatisfy { bytes[offset + $0] == responseDone[$0] }
            }
        }
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

    /// Waits until the reply has played out.
    private static func waitUntilSilent(_ session: RealtimeSession) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while await session.isAssistantAudible {
            guard ContinuousClock.now < deadline else { throw BenchError("a reply was still playing after 30 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
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

    private func figure(
        bargeIn: [LoopLagProbe.Stall], autosave: [LoopLagProbe.Stall], steady: [LoopLagProbe.Stall], recordBytes: Int, probes: Int,
        pauses: [CPUPauseWatch.Pause]?
    ) -> FigureResult {
        func row(_ name: String, _ stalls: [LoopLagProbe.Stall]) -> [String] {
            let caused = Summary(stalls.map(\.causedByLoop))
            let waited = Summary(stalls.map(\.waited))
            let held = stalls.map(\.heldByPause).reduce(0, +)
            let jobs = stalls.map(\.jobs).reduce(0, +)
            return [
                name, Units.time(milliseconds: caused.median), Units.time(milliseconds: caused.maximum),
                Units.time(milliseconds: stalls.map(\.causedByLoopOrPause).max() ?? 0) + " (\(held) of \(jobs) jobs)",
                Units.time(milliseconds: waited.median), Units.time(milliseconds: waited.maximum),
                "\(stalls.filter(\.pagedIn).count)", "\(stalls.count)",
            ]
        }
        func check(_ name: String, _ stalls: [LoopLagProbe.Stall]) -> TargetCheck {
            let longest = stalls.map(\.causedByLoop).max() ?? 0
            let withPauses = stalls.map(\.causedByLoopOrPause).max() ?? 0
            let waited = stalls.map(\.waited).max() ?? 0
            return TargetCheck(
                name: name, target: "< 1 ms",
                measured: "\(Units.time(milliseconds: longest)) (\(Units.time(milliseconds: withPauses)) with the jobs a paused CPU held up, "
                    + "\(Units.time(milliseconds: waited)) counting the waits for a CPU)",
                met: stalls.isEmpty ? nil : longest < 1)
        }
        return FigureResult(
            figure: "7", title: "Event-loop stalls during a barge-in and an autosave",
            method: """
                A call wired as the console wires it: the session on an `EventLoopExecutor` (the loop that also carries its \
                WebSocket), replies played by `PulseAudioOutput` into `rt_speaker` on a private PulseAudio daemon, against a \
                separate `rtconsole sim --pace \(Int(pace))`, with \(historyEntries) entries of history so that every autosave \
                writes a \(Units.mebibytes(recordBytes)) record, with the console's allocator settings and its `malloc_trim` after \
                each autosave (which holds the allocator's lock while it runs). A thread of its own hands the loop a tiny job every 250 µs and \
                records how long each waited before it ran (\(probes) jobs), and how the loop's thread spent that wait \
                according to the kernel: the time it waited, runnable, for a CPU (`run_delay` in \
                /proc/self/task/TID/schedstat), the time it ran (its CPU-time clock), how often it went to sleep \
                (`voluntary_ctxt_switches` in its `status`, read for waits over 100 µs), its major page faults (`majflt` \
                in its `stat`) and what it was doing when the job was handed over (its `wchan`: running or ready, idle \
                in `epoll_wait`, or asleep elsewhere). A stall of event handling is the part of a job's wait that the \
                loop caused. When the loop's thread did not sleep meanwhile and was not asleep on something else at the \
                hand-over, it spent the wait running or waiting for a CPU, and the stall is the time it ran; otherwise \
                it slept on a lock or in a blocking call, and the stall is the wait less the time it waited for a CPU, \
                and never less than the time it ran. (`run_delay` alone misses some waits for a CPU on this kernel: a \
                thread ready at the hand-over got a CPU 5 ms later with 31 µs of `run_delay`.) When the thread took a \
                major page fault meanwhile (it slept while the kernel read evicted code or data back in), only the time it ran. Jobs the probe \
                thread was slow to hand over (more than 50 µs from its first reading until `execute` returned: it may \
                have lost its CPU before the job was queued) are left out. \(CPUPauseWatch.method) A job whose wait overlapped a pause of the CPU it \
                ran on is held up by the machine, and its stall is given apart. The longest stall in a window is that \
                window's figure, with the jobs a paused CPU held up beside it, and the longest wait whatever its cause. The session's updates are \
                read on the loop and handed to the benchmark through a `LockFreeInbox`, as the console hands them to its \
                UI thread. A barge-in window runs from calling `interrupt()` (on the loop, as \
                the console's interrupt key does) until 50 ms after it returned, after the reply had played for 0.4 s; an \
                autosave window is the 100 ms after the socket delivered the `response.done` of a reply left to finish \
                (one before each barge-in, played out before the next request, so no barge-in falls in it), which queues \
                the autosave. The steady rows are 300 ms of a reply playing, for comparison.
                """,
            columns: [
                "window", "median of the longest stalls", "longest stall",
                "longest stall with the jobs a paused CPU held up (those jobs)", "median of the longest waits",
                "longest wait (with waits for a CPU)", "windows with a page-in", "windows",
            ],
            rows: [
                row("barge-in (flush, truncate, cancel)", bargeIn),
                row("autosave after response.done", autosave),
                row("steady: a reply playing", steady),
            ],
            targets: [
                check("longest stall of event handling during a barge-in", bargeIn),
                check("longest stall of event handling during an autosave", autosave),
            ],
            notes: [
                """
                A barge-in waits for the player's mainloop thread to flush the sink (normally about a millisecond) without holding the \
                loop: the session suspends, and other events are handled meanwhile. An autosave copies the record on the \
                loop and encodes and writes it on a `FileWorker` thread.
                """,
                """
                The waits beside the stalls include the time the loop's thread was ready to run but both cores of this \
                machine were busy (with the simulator, the sound server, libpulse's threads and the probe itself): that \
                is the machine's contention, which the same program shows on a quiet or larger machine far less. Page \
                faults are counted because this machine runs proactive reclaim (a DAMON `pageout` scheme) that can evict \
                the program's own pages; the table says in how many windows the loop's thread took one.
                """,
                CPUPauseWatch.note(on: pauses, heldUp: "the jobs whose wait a pause overlapped"),
            ]
        )
    }
}
