import ArgumentParser
import Foundation

/// Figure 3: the console's CPU and memory, idle and during a call with audio both ways, next to the
/// openai SDK's realtime client doing the same.
struct ConsoleLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Figure 3: console CPU and RSS under tmux, idle and in a call, and the Python client's.")

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("A Python with openai[realtime] installed.", valueName: "path"))
    var python = "python3"

    @Option(help: ArgumentHelp("The Python comparison client.", valueName: "path"))
    var pythonClient = "bench/openai_client.py"

    @Option(help: "Measurement windows per state (the median is reported).")
    var windows = 3

    @Option(help: "Seconds per idle window.")
    var idleSeconds = 20

    @Option(help: "Seconds per call window.")
    var callSeconds = 30

    @Option(
        help: ArgumentHelp(
            "Keep rtconsole's call going this long in all, sampling its RSS, so that the figure after an hour is measured rather than extrapolated (60 for the full hour; 0 ends the call after the CPU windows).",
            valueName: "minutes"))
    var callMinutes: Double = 0

    /// What one client measured: idle, then in a call.
    private struct Measured {
        var idle: Summary
        var residentAfterIdle: Int
        var call: CallMeasurement

        var residentAfterCall: Int { call.residentAfterCall }
        var slope: Double { call.slope }
        var callMinutes: Double { call.callMinutes }
        var lastedAnHour: Bool { call.lastedAnHour }
        var projectedHour: Int { call.projectedHour }
    }

    func run() async throws {
        guard let pulse = ProcessInfo.processInfo.environment["PULSE_SERVER"] else {
            throw BenchError("PULSE_SERVER is not set: start a private daemon with scripts/pulse-test-daemon (scripts/bench does)")
        }
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: 4, logFolder: common.workFolder, name: "console-sim")
        var console: Result<Measured, BenchError>
        var textOnlyIdle: Summary?
        var screen: String?
        do {
            let pid = try await startConsole(url: simulator.baseURL, pulse: pulse, audio: true)
            let tmux = self.tmux
            let client = MeasuredProcesses(name: "rtconsole under tmux", pids: [pid]) { tmux.screen() }
            console = .success(try await measure(client, minutes: callMinutes, screen: &screen))
            await stopConsole(pid: pid)
            let textOnly = try await startConsole(url: simulator.baseURL, pulse: pulse, audio: false)
            textOnlyIdle = try await idle(MeasuredProcesses(name: "rtconsole --no-audio under tmux", pids: [textOnly]))
            await stopConsole(pid: textOnly)
        } catch let error as BenchError {
            console = .failure(error)
        }
        let python = try ChildProcess(
            self.python, [pythonClient, "call", "--url", simulator.baseURL],
            errorLog: common.workFolder.appendingPathComponent("console-python.stderr.log"))
        guard python.readLine() == "ready" else {
            await python.stop()
            throw BenchError("the Python client did not start; see \(common.workFolder.path)/console-python.stderr.log")
        }
        var noScreen: String?
        let pythonMeasured = try await measure(
            MeasuredProcesses(name: "openai SDK (Python)", pids: [python.pid] + ChildProcess.children(of: python.pid)),
            minutes: 0, screen: &noScreen)
        await python.stop(signal: SIGTERM)
        await simulator.stop()
        var result = figure(console: console, textOnlyIdle: textOnlyIdle, python: pythonMeasured)
        result.screen = screen
        try result.save(in: common.resultsFolder)
    }

    private var tmux: TmuxConsole { TmuxConsole(socket: common.input("tmux.sock").path, log: common.input("console.stderr.log").path) }

    /// Starts the full-screen console against the simulator, with the private daemon's devices or `--no-audio`.
    private func startConsole(url: String, pulse: String, audio: Bool) async throws -> Int32 {
        let devices = audio ? "--input-device rt_mic.monitor --output-device rt_speaker" : "--no-audio"
        Progress.say(
            "figure 3: starting rtconsole \(audio ? "" : "--no-audio ")in a 100×30 tmux pane against rtconsole sim"
                + (audio ? ", audio through the private PulseAudio daemon" : ""))
        return try await tmux.start(
            rtconsole: common.rtconsole, arguments: "--endpoint \(url) \(devices)", pulse: pulse, state: common.input("state").path)
    }

    private func stopConsole(pid: Int32) async {
        await tmux.stop(pid: pid)
    }

    /// The CPU share over the idle windows.
    private func idle(_ client: MeasuredProcesses) async throws -> Summary {
        try await Task.sleep(for: .seconds(2))
        Progress.say(
            "figure 3: \(client.name): idle (connected\(client.name.contains("no-audio") ? "" : ", microphone streaming silence")), \(windows) × \(idleSeconds) s"
        )
        var values: [Double] = []
        for _ in 0..<windows { values.append(try await client.cpuWindow(seconds: idleSeconds)) }
        return Summary(values)
    }

    /// Idle windows, then call windows with speech looping into the microphone, then (if `minutes` asks) the
    /// rest of a long call with RSS sampled every 10 s; `screen` gets the client's screen at the end of the call.
    private func measure(_ client: MeasuredProcesses, minutes: Double, screen: inout String?) async throws -> Measured {
        let idle = try await idle(client)
        let afterIdle = ProcessGroupSample.read(client.pids)?.residentBytes ?? 0
        Progress.say(
            "figure 3: \(client.name): in a call (sentences spoken into rt_mic, replies played to rt_speaker), \(windows) × \(callSeconds) s")
        let speech = SpeechLoop(file: common.input("call-loop.wav"), sink: "rt_mic", log: common.input("console-paplay.log"))
        let (call, callScreen) = try await CallMeasurement.measure(
            client, windows: windows, seconds: callSeconds, minutes: minutes, speech: speech, label: "figure 3")
        screen = callScreen
        return Measured(idle: idle, residentAfterIdle: afterIdle, call: call)
    }

    private func figure(console: Result<Measured, BenchError>, textOnlyIdle: Summary?, python: Measured) -> FigureResult {
        func row(_ name: String, _ m: Measured) -> [String] {
            [
                name, Units.percent(m.idle.median), Units.percent(m.call.cpu.median), Units.mebibytes(m.residentAfterIdle),
                Units.mebibytes(m.residentAfterCall),
                Units.number(m.slope / 1024, decimals: 0) + " KiB/min",
                Units.mebibytes(m.projectedHour) + (m.lastedAnHour ? " (measured)" : " (extrapolated)"),
            ]
        }
        var rows: [[String]] = []
        var targets: [TargetCheck] = []
        var notes: [String] = []
        switch console {
        case .success(let m):
            rows.append(row("rtconsole (full-screen, under tmux)", m))
            notes.append(
                "rtconsole's threads over the call windows (share of a core, wake-ups from sleep a second): \(ThreadLoad.describe(m.call.threads)).")
            if m.lastedAnHour {
                notes.append(
                    """
                    rtconsole's call went on for \(Units.number(m.callMinutes, decimals: 1)) minutes (--call-minutes), its RSS sampled \
                    every 10 s after the CPU windows: "after 1 h" is that call's last sample, measured, and the slope is fitted \
                    over the whole call.
                    """)
            }
            if let textOnlyIdle {
                rows.append(["rtconsole --no-audio (idle only)", Units.percent(textOnlyIdle.median), "–", "–", "–", "–", "–"])
                notes.append(
                    """
                    With --no-audio (no microphone stream, no playback stream) the idle console uses \
                    \(Units.percent(textOnlyIdle.median)) of a core: the rest of the idle figure above is the audio path's.
                    """)
            }
            targets = [
                TargetCheck(name: "console CPU, idle", target: "< 0.5 % of a core", measured: Units.percent(m.idle.median), met: m.idle.median < 0.5),
                TargetCheck(
                    name: "console CPU, call with audio both ways", target: "< 3 % of a core", measured: Units.percent(m.call.cpu.median),
                    met: m.call.cpu.median < 3),
                TargetCheck(
                    name: "console RSS after an hour", target: "< 40 MB",
                    measured: m.lastedAnHour
                        ? "\(Units.number(Double(m.projectedHour) / 1e6, decimals: 1)) MB measured at the end of a \(Units.number(m.callMinutes, decimals: 1))-minute call"
                        : "\(Units.number(Double(m.projectedHour) / 1e6, decimals: 1)) MB extrapolated from a \(Units.number(m.callMinutes, decimals: 1))-minute "
                            + "call that ended at \(Units.number(Double(m.residentAfterCall) / 1e6, decimals: 1)) MB",
                    met: m.projectedHour < 40_000_000),
            ]
        case .failure(let error):
            rows.append(["rtconsole (full-screen, under tmux)", "–", "–", "–", "–", "–", "–"])
            targets = ["console CPU, idle", "console CPU, call with audio both ways", "console RSS after an hour"].map {
                TargetCheck(
                    name: $0, target: $0.hasSuffix("idle") ? "< 0.5 % of a core" : $0.hasSuffix("hour") ? "< 40 MB" : "< 3 % of a core",
                    measured: "not measured", met: nil)
            }
            notes.append("The console could not be measured in this run: \(error.description)")
        }
        rows.append(row("openai SDK (Python) + parec + pacat", python))
        return FigureResult(
            figure: "3", title: "Console CPU and memory, idle and in a call",
            method: """
                Both clients talk to one separate `rtconsole sim --pace 4` process through a private PulseAudio daemon with \
                null sinks (scripts/pulse-test-daemon): microphone `rt_mic.monitor`, speaker `rt_speaker`. rtconsole is the \
                release binary, full-screen in a 100×30 pane of a private tmux server (`tmux -S`). The Python client \
                (bench/openai_client.py call) is the openai SDK's realtime client with `parec` capturing 20 ms frames and \
                `pacat` playing the replies; its CPU and RSS are the sum of the three processes; it has no screen. "Idle" is \
                connected with the microphone streaming silence; "call" has `paplay` speaking espeak-ng sentences with 6 s \
                pauses into `rt_mic`, so the simulator answers each one and the reply plays. CPU is the change of utime + \
                stime in /proc over \(windows) windows of \(idleSeconds) s (idle) and \(callSeconds) s (call), median reported; \
                RSS (VmRSS) is sampled every second of the call and its slope fitted after the first window; "after 1 h" is \
                measured when the call was kept going for an hour (--call-minutes 60, as scripts/bench does for rtconsole), \
                and otherwise extrapolated along that slope, so it is only an estimate (the Python client's always is).
                """,
            columns: ["client", "CPU idle", "CPU in call", "RSS idle", "RSS after call", "RSS slope in call", "RSS after 1 h"],
            rows: rows, targets: targets, notes: notes)
    }
}
