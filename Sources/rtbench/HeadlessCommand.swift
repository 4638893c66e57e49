import ArgumentParser
import Foundation

/// Figure 2: how fast `rtconsole --headless --fast` gets through 10 minutes of speech, next to the openai
/// SDK's realtime client doing the same against the same simulator.
struct HeadlessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headless", abstract: "Figure 2: headless --fast throughput over 10 minutes of speech, and the Python client's.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Runs of each configuration (the median is reported).")
    var runs = 3

    @Option(help: ArgumentHelp("A Python with openai[realtime] installed.", valueName: "path"))
    var python = "python3"

    @Option(help: ArgumentHelp("The Python comparison client.", valueName: "path"))
    var pythonClient = "bench/openai_client.py"

    /// One way of getting through the file.
    private struct Client {
        var label: String
        /// The simulator it talks to: the embedded one, or the shared `rtconsole sim` (default or zero-delay replies).
        var server: Server
        var isPython: Bool
    }

    private enum Server: String {
        case embedded = "embedded in rtconsole (pace 200)"
        case shared = "rtconsole sim --pace 200"
        case sharedZeroDelay = "rtconsole sim --pace 200, zero-delay scenario"
    }

    /// What one run measured.
    private struct Run {
        var seconds: Double
        var cpuSeconds: Double
        var peakResidentBytes: Int
        var replies: Int?
        var cancelled: Int?
    }

    func run() async throws {
        let input = common.input("speech-10min.wav")
        let inputSeconds = Double(try WAVAudioDuration.seconds(of: input))
        let zeroDelay = common.input("zero-delay.json")
        try
            #"{"name": "zero-delay", "description": "Default replies with no modelled time to first audio.", "after_last_turn": "repeat_last", "turns": [{"first_delta_delay_ms": 0}]}"#
            .write(to: zeroDelay, atomically: true, encoding: .utf8)
        let shared = try SimulatorProcess(rtconsole: common.rtconsole, pace: 200, logFolder: common.workFolder, name: "headless-sim")
        let sharedZero = try SimulatorProcess(
            rtconsole: common.rtconsole, pace: 200, scenario: zeroDelay, logFolder: common.workFolder,
            name: "headless-sim-zero")
        let clients = [
            Client(label: "rtconsole --headless --fast", server: .embedded, isPython: false),
            Client(label: "rtconsole --headless --fast", server: .shared, isPython: false),
            Client(label: "openai SDK (Python)", server: .shared, isPython: true),
            Client(label: "rtconsole --headless --fast", server: .sharedZeroDelay, isPython: false),
            Client(label: "openai SDK (Python)", server: .sharedZeroDelay, isPython: true),
        ]
        var measured = [[Run]](repeating: [], count: clients.count)
        for round in 1...runs {
            for (index, client) in clients.enumerated() {
                Progress.say("figure 2: round \(round)/\(runs): \(client.label) against \(client.server.rawValue), 10 minutes of speech")
                let url = client.server == .sharedZeroDelay ? sharedZero.baseURL : shared.baseURL
                measured[index].append(try await run(client, url: url, input: input, name: "headless-\(index)-\(round)"))
            }
        }
        await shared.stop()
        await sharedZero.stop()
        try figure(clients: clients, runs: measured, inputSeconds: inputSeconds).save(in: common.resultsFolder)
    }

    private func run(_ client: Client, url: String, input: URL, name: String) async throws -> Run {
        let executable: String
        var arguments: [String]
        if client.isPython {
            executable = python
            arguments = [pythonClient, "throughput", "--url", url, "--input", input.path]
        } else {
            executable = common.rtconsole
            arguments = ["--headless", "--fast", "--input", input.path]
            if client.server != .embedded { arguments += ["--endpoint", url] }
        }
        let output = common.workFolder.appendingPathComponent("\(name).stdout.log")
        let errors = common.workFolder.appendingPathComponent("\(name).stderr.log")
        let start = ContinuousClock.now
        let child = try ChildProcess(
            executable, arguments, environment: ["XDG_STATE_HOME": common.workFolder.appendingPathComponent("state").path],
            errorLog: errors, outputFile: output)
        let usage = await child.follow()
        let seconds = (ContinuousClock.now - start).seconds
        guard child.exitStatus == 0 else { throw BenchError("\(child.commandLine) failed (\(child.exitStatus)); see \(errors.path)") }
        let stdout = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        if client.isPython {
            return Run(
                seconds: seconds, cpuSeconds: usage.cpuSeconds, peakResidentBytes: usage.peakResidentBytes,
                replies: Self.number(#""responses": (\d+)"#, in: stdout), cancelled: Self.number(#""cancelled": (\d+)"#, in: stdout))
        }
        let cancelled = stdout.split(separator: "\n").filter { $0.hasPrefix("turn ") && $0.contains(": cancelled") }.count
        return Run(
            seconds: seconds, cpuSeconds: usage.cpuSeconds, peakResidentBytes: usage.peakResidentBytes,
            replies: Self.number(#"done: (\d+) replies"#, in: stderr), cancelled: cancelled)
    }

    /// The number captured by the first group of `pattern` in `text`.
    private static func number(_ pattern: String, in text: String) -> Int? {
        guard let regex = try? Regex(pattern), let match = text.firstMatch(of: regex), let value = match.output[1].substring else { return nil }
        return Int(value)
    }

    private func figure(clients: [Client], runs: [[Run]], inputSeconds: Double) -> FigureResult {
        var rows: [[String]] = []
        var headline: Double?
        var headlineCompleted = 0
        var headlineReplies = 0
        for (client, measured) in zip(clients, runs) {
            let seconds = Summary(measured.map(\.seconds))
            let cpu = Summary(measured.map(\.cpuSeconds))
            let rss = measured.map(\.peakResidentBytes).max() ?? 0
            let replies = measured.compactMap(\.replies)
            let cancelled = measured.compactMap(\.cancelled)
            if client.server == .embedded, !client.isPython {
                headline = seconds.median
                headlineReplies = Int(Summary(replies.map(Double.init)).median)
                headlineCompleted = Int(Summary(zip(replies, cancelled).map { Double($0 - $1) }).median)
            }
            rows.append([
                client.label, client.server.rawValue, Units.number(seconds.median, decimals: 2) + " s",
                Units.number(seconds.minimum, decimals: 2) + "–" + Units.number(seconds.maximum, decimals: 2) + " s",
                Units.number(inputSeconds / seconds.median, decimals: 0) + "×", Units.number(cpu.median, decimals: 2) + " s",
                Units.mebibytes(rss), Self.range(replies), Self.range(cancelled), "\(measured.count)",
            ])
        }
        let seconds = headline ?? .infinity
        return FigureResult(
            figure: "2", title: "Headless --fast throughput over 10 minutes of speech",
            method: """
                The input is 10 minutes of espeak-ng sentences with 1.5–3 s pauses and an 8 s silence after every eighth, \
                resampled to 24 kHz mono (bench/make-inputs). Each configuration runs \(runs.first?.count ?? 0) times, interleaved \
                round by round so that load from elsewhere hits all of them alike; the table gives the median wall time of \
                the whole process (start-up included), the range, times real time (600 s ÷ median), the client's CPU time \
                (user + system, read from /proc every 50 ms; with the embedded simulator it includes the simulator) and its \
                peak RSS. The Python client is bench/openai_client.py: \
                the official openai SDK (`AsyncOpenAI(...).realtime.connect`) with rtconsole's turn detection (server VAD, \
                500 ms of silence) and the same policy as `--fast`: 20 ms appends back to back; at each local end of turn \
                (speech, then the VAD's silence + 200 ms of frames under −45 dBFS) a no-op session.update syncs with the \
                server and the client waits for that turn's reply; trailing silence; 300 ms settle. The shared simulators \
                are separate `rtconsole sim --pace 200` processes, the same for both clients; the zero-delay scenario removes \
                the simulator's modelled 200 ms time to first audio per reply, leaving the clients' and the simulator's own work.
                """,
            columns: ["client", "simulator", "median", "range", "× real time", "client CPU", "peak RSS", "replies", "of them cancelled", "runs"],
            rows: rows,
            targets: [
                TargetCheck(
                    name: "headless --fast over 10 min of speech (embedded simulator)", target: "< 5 s",
                    measured: Units.number(seconds, decimals: 2) + " s", met: seconds < 5)
            ],
            notes: [
                """
                In the median embedded run \(headlineCompleted) of \(headlineReplies) replies completed. Both clients cut the \
                input at each end of turn, sync with the server and wait for that turn's reply before the next sentence, so a \
                reply is cut ("of them cancelled") only when the server ends a turn the local segmentation did not foresee.
                """,
                """
                The shared simulator models 200 ms before the first audio delta of every reply; the embedded one behind \
                `--fast` does not (SimulatorConfiguration.firstDeltaDelay = 0), and the zero-delay scenario rows show the \
                shared simulator without it.
                """,
            ])
    }

    /// "min–max" of counts, or "–" when there are none.
    private static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "–" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }
}
