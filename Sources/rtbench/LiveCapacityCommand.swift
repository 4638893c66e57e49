import ArgumentParser
import Foundation
import RealtimeCore

/// Figure 9: how many concurrent GPT-Live sessions one simulator process keeps in real time.
struct LiveCapacityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-capacity", abstract: "Figure 9: concurrent GPT-Live sessions one rtconsole sim keeps in real time.")

    @OptionGroup var common: CommonOptions

    @Option(parsing: .upToNextOption, help: "Session counts to try, in order.")
    var levels: [Int] = [1, 25, 50, 100, 150, 200, 300]

    @Option(help: "Seconds each level is measured (after a 2 s ramp).")
    var seconds = 20

    @Option(help: "Milliseconds of lateness (p99) beyond which the track counts as slipping.")
    var slipMilliseconds = 50.0

    private struct Level {
        var sessions: Int
        var simulatorCPU: Double
        var clientCPU: Double
        var deltaLateness: Summary
        var sendLateness: Summary
        var sendCount: Int
        var replyWords: Int
        var errors: Int
        var connectFailures: Int

        func keepsPace(_ limit: Double) -> Bool {
            errors == 0 && connectFailures == 0 && replyWords > 0 && deltaLateness.p99 <= limit
        }
    }

    func run() async throws {
        let sentence = try common.sentences()[1]
        let turn = sentence + [Int16](repeating: 0, count: PCM.samples(forMilliseconds: 3_000))
        let appends = stride(from: 0, to: turn.count, by: PCM.frameSamples).map { start in
            var frame = Array(turn[start..<min(turn.count, start + PCM.frameSamples)])
            frame += [Int16](repeating: 0, count: PCM.frameSamples - frame.count)
            return LiveClientEvent.appendText(base64Audio: PCM.bytes(frame).base64EncodedString(), eventID: "a")
        }
        var results: [Level] = []
        var failures = 0
        for sessions in levels {
            Progress.say("figure 9: \(sessions) concurrent GPT-Live sessions streaming in real time for \(seconds) s against one rtconsole sim")
            let level = try await measure(sessions: sessions, appends: appends)
            results.append(level)
            Progress.say(
                "figure 9: \(sessions) sessions: simulator \(Units.percent(level.simulatorCPU)) of a core, delta lateness p99 \(Units.time(milliseconds: level.deltaLateness.p99))"
            )
            failures = level.keepsPace(slipMilliseconds) ? 0 : failures + 1
            if failures >= 2 { break }
        }
        try figure(results).save(in: common.resultsFolder)
    }

    private func measure(sessions: Int, appends: [String]) async throws -> Level {
        let simulator = try SimulatorProcess(
            rtconsole: common.rtconsole, pace: 4, logFolder: common.workFolder, name: "live-capacity-sim-\(sessions)")
        guard let endpoint = Endpoint.live(baseURL: simulator.baseURL, model: "gpt-live-1", credential: nil) else {
            throw BenchError("the simulator's URL \(simulator.baseURL) is not a valid endpoint")
        }
        let logger = SessionOptions(endpoint: endpoint).logger
        var clients: [LiveLoadClient] = []
        var connectFailures = 0
        for _ in 0..<sessions {
            do {
                clients.append(LiveLoadClient(connection: try await WebSocketConnection.connect(to: endpoint, logger: logger), appends: appends))
            } catch {
                connectFailures += 1
            }
        }
        let ramp = Duration.seconds(2)
        let start = ContinuousClock.now + .milliseconds(500)
        let end = start + ramp + .seconds(seconds)
        let cpuWindow = CPUWindow.measure(simulator: simulator.child.pid, from: start + ramp, until: end)
        let figures = await withTaskGroup(of: LiveLoadClient.Figures.self) { group in
            for (index, client) in clients.enumerated() {
                let offset = ramp * (Double(index) / Double(max(1, clients.count)))
                group.addTask { await client.run(from: start + offset, until: end) }
            }
            var all: [LiveLoadClient.Figures] = []
            for await figures in group { all.append(figures) }
            return all
        }
        let cpu = await cpuWindow.value
        await simulator.stop()
        return Level(
            sessions: sessions, simulatorCPU: cpu.simulator, clientCPU: cpu.client, deltaLateness: Summary(figures.flatMap(\.deltaLateness)),
            sendLateness: Summary(figures.flatMap(\.sendLateness)), sendCount: sessions * (seconds + 2) * 50,
            replyWords: figures.reduce(0) { $0 + $1.replyWords }, errors: figures.reduce(0) { $0 + $1.errors.count },
            connectFailures: connectFailures)
    }

    private func figure(_ levels: [Level]) -> FigureResult {
        var capacity = 0
        for level in levels {
            guard level.keepsPace(slipMilliseconds) else { break }
            capacity = level.sessions
        }
        let hundred = levels.first { $0.sessions == 100 }
        let rows = levels.map { l in
            [
                "\(l.sessions)", Units.percent(l.simulatorCPU), Units.percent(l.simulatorCPU / Double(max(1, l.sessions))),
                "\(Units.time(milliseconds: l.deltaLateness.median)) / \(Units.time(milliseconds: l.deltaLateness.p99))",
                "\(l.sendLateness.count) of \(l.sendCount)"
                    + (l.sendLateness.count > 0 ? ", p99 \(Units.time(milliseconds: l.sendLateness.p99))" : ""),
                "\(l.replyWords)", "\(l.errors + l.connectFailures)", Units.percent(l.clientCPU), l.keepsPace(slipMilliseconds) ? "yes" : "NO",
            ]
        }
        let slip = levels.first { !$0.keepsPace(slipMilliseconds) }.map { "; the track slips at \($0.sessions)" } ?? ""
        return FigureResult(
            figure: "9", title: "Simulator capacity: concurrent GPT-Live sessions in real time",
            method: """
                One `rtconsole sim` process per level; N sessions connect to `/v1/live/sessions` over loopback, send \
                `session.start`, and each streams 20 ms `session.input_audio.append`s on a real-time schedule (an espeak-ng \
                sentence, then 3 s of silence, in a loop; starts staggered over 2 s), so every session gets a turn and a \
                spoken reply about every 5.9 s while its output track runs without a pause. The load generator is rtbench \
                itself on bare WebSocket connections with prepared append texts, on the same two cores. Measured for \
                \(seconds) s per level: the simulator's CPU (from /proc, after the ramp) and the lateness of each output \
                delta — the simulator sends the k-th 100 ms of track once the input has reached (k + 1) × 100 ms, so its \
                lateness is counted from sending the append that completed that input. A level keeps pace when the p99 \
                lateness is ≤ \(Int(slipMilliseconds)) ms, replies came and nothing failed.
                """,
            columns: [
                "sessions", "simulator CPU", "CPU per session", "delta lateness median / p99", "late sends (>1 ms)", "reply words", "errors",
                "rtbench CPU", "keeps pace",
            ],
            rows: rows,
            targets: [
                TargetCheck(
                    name: "GPT-Live sessions one simulator keeps in real time", target: "100",
                    measured: "\(capacity) sessions keep pace\(slip)"
                        + (hundred.map { "; \(Units.percent($0.simulatorCPU / 100)) of a core each at 100" } ?? ""),
                    met: hundred?.keepsPace(slipMilliseconds) ?? false)
            ],
            notes: [
                "The load generator shares the two cores with the simulator; at high levels its own late sends show the machine as a whole is the limit."
            ])
    }
}
