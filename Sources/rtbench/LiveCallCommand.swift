import ArgumentParser
import Foundation

/// Figure 8: the console in a GPT-Live call with audio both ways, beside a Realtime call and beside
/// `parec | pacat` carrying the same audio (the floor of any PulseAudio client), in the same run.
struct LiveCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-call",
        abstract: "Figure 8: console CPU and RSS in a GPT-Live call, beside a Realtime call and the parec | pacat floor.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Measurement windows per client (the median is reported).")
    var windows = 3

    @Option(help: "Seconds per call window.")
    var callSeconds = 30

    @Option(
        help: ArgumentHelp(
            "Keep the GPT-Live call going this long in all, sampling its RSS (60 measures the hour; less extrapolates it).",
            valueName: "minutes"))
    var callMinutes: Double = 60

    func run() async throws {
        guard let pulse = ProcessInfo.processInfo.environment["PULSE_SERVER"] else {
            throw BenchError("PULSE_SERVER is not set: start a private daemon with scripts/pulse-test-daemon (scripts/bench does)")
        }
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: 4, logFolder: common.workFolder, name: "live-call-sim")
        let tmux = TmuxConsole(socket: common.input("live-tmux.sock").path, log: common.input("live-console.stderr.log").path)
        let devices = "--input-device rt_mic.monitor --output-device rt_speaker"
        let state = common.input("live-state").path

        Progress.say("figure 8: a Realtime call in the console (\(windows) × \(callSeconds) s)")
        let realtimePID = try await tmux.start(
            rtconsole: common.rtconsole, arguments: "--endpoint \(simulator.baseURL) \(devices)", pulse: pulse, state: state)
        var noScreen: String?
        let realtime = try await measure(MeasuredProcesses(name: "rtconsole, Realtime call", pids: [realtimePID]), minutes: 0, screen: &noScreen)
        await tmux.stop(pid: realtimePID)

        Progress.say("figure 8: the floor, parec | pacat carrying the same audio (\(windows) × \(callSeconds) s)")
        let pipe = try ChildProcess(
            "/bin/sh",
            [
                "-c",
                "parec --device=rt_mic.monitor --format=s16le --rate=24000 --channels=1 --latency-msec=20 "
                    + "| pacat --device=rt_speaker --format=s16le --rate=24000 --channels=1 --latency-msec=80",
            ], environment: ["PULSE_SERVER": pulse], errorLog: common.workFolder.appendingPathComponent("live-floor.stderr.log"))
        try await Task.sleep(for: .seconds(2))
        let floor = try await measure(
            MeasuredProcesses(name: "parec | pacat", pids: ChildProcess.children(of: pipe.pid)), minutes: 0, screen: &noScreen)
        await pipe.stop(signal: SIGTERM)

        Progress.say("figure 8: a GPT-Live call in the console (\(windows) × \(callSeconds) s, then until \(Int(callMinutes)) minutes)")
        let livePID = try await tmux.start(
            rtconsole: common.rtconsole, arguments: "--endpoint \(simulator.baseURL) --model gpt-live-1 \(devices)", pulse: pulse, state: state)
        var screen: String?
        let live = try await measure(
            MeasuredProcesses(name: "rtconsole, GPT-Live call", pids: [livePID]) { tmux.screen() }, minutes: callMinutes, screen: &screen)
        await tmux.stop(pid: livePID)
        await simulator.stop()
        var result = figure(live: live, realtime: realtime, floor: floor)
        result.screen = screen
        try result.save(in: common.resultsFolder)
    }

    /// Call windows with speech looping into the microphone, then (if `minutes` asks) the rest of a long call;
    /// `screen` gets the client's screen at the end.
    private func measure(_ client: MeasuredProcesses, minutes: Double, screen: inout String?) async throws -> CallMeasurement {
        try await Task.sleep(for: .seconds(2))
        let speech = SpeechLoop(file: common.input("call-loop.wav"), sink: "rt_mic", log: common.input("live-paplay.log"))
        let (call, callScreen) = try await CallMeasurement.measure(
            client, windows: windows, seconds: callSeconds, minutes: minutes, speech: speech, label: "figure 8")
        screen = callScreen
        return call
    }

    private func figure(live: CallMeasurement, realtime: CallMeasurement, floor: CallMeasurement) -> FigureResult {
        func row(_ name: String, _ m: CallMeasurement, hour: Bool) -> [String] {
            [
                name, Units.percent(m.cpu.median), Units.percent(m.cpu.median - floor.cpu.median), Units.mebibytes(m.residentAfterCall),
                Units.number(m.slope / 1024, decimals: 0) + " KiB/min",
                hour ? Units.mebibytes(m.projectedHour) + (m.lastedAnHour ? " (measured)" : " (extrapolated)") : "–",
            ]
        }
        let above = live.cpu.median - floor.cpu.median
        let hourText =
            live.lastedAnHour
            ? "\(Units.number(Double(live.projectedHour) / 1e6, decimals: 1)) MB measured at the end of a \(Units.number(live.callMinutes, decimals: 1))-minute call"
            : "\(Units.number(Double(live.projectedHour) / 1e6, decimals: 1)) MB extrapolated from a \(Units.number(live.callMinutes, decimals: 1))-minute call"
        return FigureResult(
            figure: "8", title: "A GPT-Live call in the console, beside a Realtime call and the PulseAudio floor",
            method: """
                One separate `rtconsole sim` process serves both calls through a private PulseAudio daemon with null sinks \
                (scripts/pulse-test-daemon): microphone `rt_mic.monitor`, speaker `rt_speaker`. rtconsole is the release binary, \
                full-screen in a 100×30 tmux pane, once on the default Realtime model and once with `--model gpt-live-1` \
                (GPT-Live: the microphone streams all the time and the output is one continuous 24 kHz track, silence \
                included). The floor is `parec | pacat` carrying the same audio (the microphone's monitor captured in 20 ms \
                chunks and played to the speaker at 80 ms latency): what any PulseAudio client that moves audio both ways \
                costs at least. During every window `paplay` speaks espeak-ng sentences with 6 s pauses into `rt_mic`, so \
                each call answers each one. CPU is the change of utime + stime in /proc over \(windows) windows of \
                \(callSeconds) s, median reported; RSS is sampled every second of the windows and every 10 s after, its \
                slope fitted after the first window; the GPT-Live call goes on for --call-minutes.
                """,
            columns: ["client", "CPU in call", "above the floor", "RSS after call", "RSS slope", "RSS after 1 h"],
            rows: [
                row("rtconsole, GPT-Live call (gpt-live-1)", live, hour: true),
                row("rtconsole, Realtime call (default model)", realtime, hour: false),
                [
                    "parec | pacat (the floor)", Units.percent(floor.cpu.median), "–", Units.mebibytes(floor.residentAfterCall), "–", "–",
                ],
            ],
            targets: [
                TargetCheck(
                    name: "console CPU in a GPT-Live call, above parec | pacat carrying the same audio", target: "≤ 0.5 % of a core",
                    measured: "\(Units.percent(above)) (\(Units.percent(live.cpu.median)) − \(Units.percent(floor.cpu.median)))", met: above <= 0.5),
                TargetCheck(
                    name: "console RSS after an hour of a GPT-Live call", target: "< 40 MB", measured: hourText, met: live.projectedHour < 40_000_000),
            ],
            notes: [
                "The Realtime call in the same run: \(Units.percent(realtime.cpu.median)) of a core, \(Units.percent(realtime.cpu.median - floor.cpu.median)) above the floor.",
                "The GPT-Live call's threads over its \(windows) window\(windows == 1 ? "" : "s") (share of a core, wake-ups from sleep a second): \(ThreadLoad.describe(live.threads)).",
                "The Realtime call's threads: \(ThreadLoad.describe(realtime.threads)).",
                "The floor's: \(ThreadLoad.describe(floor.threads)).",
            ])
    }
}
