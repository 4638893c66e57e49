import ArgumentParser
import Foundation
import RealtimeCore

/// Figure 6: how many concurrent real-time sessions one simulator process serves before its pacing slips.
struct CapacityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity", abstract: "Figure 6: concurrent real-time sessions one rtconsole sim serves before pacing slips.")

    @OptionGroup var common: CommonOptions

    @Option(parsing: .upToNextOption, help: "Session counts to try, in order.")
    var levels: [Int] = [1, 10, 25, 50, 100, 200, 300, 400, 500, 600]

    @Option(help: "Seconds each level is measured (after a 2 s ramp).")
    var seconds = 20

    @Option(help: "The simulator's pace.")
    var pace = 4.0

    @Option(help: "Milliseconds of lateness (p99) beyond which pacing counts as slipping.")
    var slipMilliseconds = 50.0

    /// What one level measured.
    private struct Level {
        var sessions: Int
        var simulatorCPU: Double
        var clientCPU: Double
        var vadLag: Summary
        var deltaLateness: Summary
        var sendLateness: Summary
        var sendCount: Int
        var responses: Int
        var errors: Int
        var connectFailures: Int

        func keepsPace(_ limit: Double) -> Bool {
            errors == 0 && connectFailures == 0 && responses > 0 && vadLag.p99 <= limit && deltaLateness.p99 <= limit
        }
    }

    func run() async throws {
        let sentence = try common.sentences()[1]
        let turn = sentence + [Int16](repeating: 0, count: PCM.samples(forMilliseconds: 3_000))
        let appends = stride(from: 0, to: turn.count, by: PCM.frameSamples).map { start in
            let frame = Array(turn[start..<min(turn.count, start + PCM.frameSamples)])
            return ClientEvent.appendText(base64Audio: PCM.bytes(frame).base64EncodedString(), eventID: nil)
        }
        var results: [Level] = []
        var failures = 0
        for sessions in levels {
            Progress.say(
                "figure 6: \(sessions) concurrent sessions streaming in real time for \(seconds) s against one rtconsole sim --pace \(Int(pace))")
            let level = try await measure(sessions: sessions, appends: appends)
            results.append(level)
            Progress.say(
                "figure 6: \(sessions) sessions: simulator \(Units.percent(level.simulatorCPU)) of a core, VAD lag p99 \(Units.time(milliseconds: level.vadLag.p99)), delta lateness p99 \(Units.time(milliseconds: level.deltaLateness.p99))"
            )
            failures = level.keepsPace(slipMilliseconds) ? 0 : failures + 1
            if failures >= 2 { break }
        }
        try figure(results, turnSeconds: Double(appends.count) / 50).save(in: common.resultsFolder)
    }

    private func measure(sessions: Int, appends: [String]) async throws -> Level {
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: pace, logFolder: common.workFolder, name: "capacity-sim-\(sessions)")
        let endpoint = try simulator.endpoint
        let logger = SessionOptions(endpoint: endpoint).logger
        var clients: [LoadClient] = []
        var connectFailures = 0
        for _ in 0..<sessions {
            do {
                let connection = try await WebSocketConnection.connect(to: endpoint, logger: logger)
                clients.append(LoadClient(connection: connection, appends: appends, pace: pace))
            } catch {
                connectFailures += 1
            }
        }
        let ramp = Duration.seconds(2)
        let start = ContinuousClock.now + .milliseconds(200)
        let end = start + ramp + .seconds(seconds)
        let cpuWindow = CPUWindow.measure(simulator: simulator.child.pid, from: start + ramp, until: end)
        let clientFigures = await withTaskGroup(of: LoadClient.Figures.self) { group in
            for (index, client) in clients.enumerated() {
                let offset = ramp * (Double(index) / Double(max(1, clients.count)))
                group.addTask { await client.run(from: start + offset, until: end) }
            }
            var all: [LoadClient.Figures] = []
            for await figures in group { all.append(figures) }
            return all
        }
        let cpu = await cpuWindow.value
        await simulator.stop()
        return Level(
            sessions: sessions, simulatorCPU: cpu.simulator, clientCPU: cpu.client,
            vadLag: Summary(clientFigures.flatMap(\.vadLag)), deltaLateness: Summary(clientFigures.flatMap(\.deltaLateness)),
            sendLateness: Summary(clientFigures.flatMap(\.sendLateness)), sendCount: sessions * (seconds + 2) * 50,
            responses: clientFigures.reduce(0) { $0 + $1.responses }, errors: clientFigures.reduce(0) { $0 + $1.errors.count },
            connectFailures: connectFailures)
    }

    private func figure(_ levels: [Level], turnSeconds: Double) -> FigureResult {
        var capacity = 0
        for level in levels {
            guard level.keepsPace(slipMilliseconds) else { break }
            capacity = level.sessions
        }
        let fifty = levels.first { $0.sessions == 50 }
        let rows = levels.map { l in
            [
                "\(l.sessions)", Units.percent(l.simulatorCPU), Units.percent(l.simulatorCPU / Double(max(1, l.sessions))),
                Units.time(milliseconds: l.vadLag.median) + " / " + Units.time(milliseconds: l.vadLag.p99),
                Units.time(milliseconds: l.deltaLateness.median) + " / " + Units.time(milliseconds: l.deltaLateness.p99),
                "\(l.sendLateness.count) of \(l.sendCount)"
                    + (l.sendLateness.count > 0 ? ", p99 " + Units.time(milliseconds: l.sendLateness.p99) : ""),
                "\(l.responses)", "\(l.errors + l.connectFailures)", Units.percent(l.clientCPU), l.keepsPace(slipMilliseconds) ? "yes" : "NO",
            ]
        }
        return FigureResult(
            figure: "6", title: "Simulator capacity: concurrent real-time sessions",
            method: """
                One `rtconsole sim --pace \(Int(pace))` process per level; N sessions connect over loopback and each streams \
                20 ms appends on a real-time schedule (an espeak-ng sentence, then 3 s of silence, in a loop; starts staggered \
                over 2 s), so every session gets a VAD turn and a spoken reply about every \(Units.number(turnSeconds, decimals: 1)) s. The load \
                generator is rtbench itself on bare WebSocket connections with prepared append texts (no JSON work per frame), \
                on the same two cores. Measured for \(seconds) s per level: the simulator's CPU (from /proc, over the window \
                after the ramp), the VAD lag (from sending the append that completed the 500 ms of silence, at \
                `audio_end_ms`, to receiving the `speech_stopped` it caused), the lateness of each audio delta against the reply's pacing (first delta + k × \(Units.number(100 / pace, decimals: 0)) ms), \
                and how many of the generator's own sends were more than 1 ms late. A level keeps pace when both p99 \
                latenesses are ≤ \(Units.number(slipMilliseconds, decimals: 0)) ms and nothing failed.
                """,
            columns: [
                "sessions", "simulator CPU", "CPU per session", "VAD lag median / p99", "delta lateness median / p99",
                "late sends (>1 ms)", "responses", "errors", "rtbench CPU", "keeps pace",
            ],
            rows: rows,
            targets: [
                TargetCheck(
                    name: "sessions one simulator serves in real time", target: "50 without falling behind",
                    measured: (capacity == 0
                        ? "none of the levels kept pace"
                        : capacity == levels.last?.sessions
                            ? "kept pace at every level tried, up to \(capacity) sessions"
                            : "\(capacity) sessions keep pace; pacing slips at \(levels.first { !$0.keepsPace(slipMilliseconds) }?.sessions ?? 0)")
                        + (fifty.map { "; \(Units.percent($0.simulatorCPU / 50)) of a core each at 50" } ?? ""),
                    met: fifty.map { $0.keepsPace(slipMilliseconds) })
            ],
            notes: [
                "The load generator shares the two cores with the simulator; a level where many of its own sends were late is limited by the machine as a whole, not by the simulator alone.",
                "The VAD lag includes up to one 20 ms frame by which the detector's decision can follow `audio_end_ms`; the 1-session row is the unloaded baseline.",
            ])
    }
}
