import ArgumentParser
import AudioIO
import ConsoleUI
import Foundation
import RealtimeCore

/// Figure 4: memory over a simulated 60-minute call of 300 turns with a barge-in every third turn.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Figure 4: memory growth over a simulated 60-minute call (300 turns, a barge-in every third).")

    @OptionGroup var common: CommonOptions

    @Option(help: "User turns in the call.")
    var turns = 300

    @Option(help: "Length of the simulated call in minutes (silence is streamed after the last turn until then).")
    var minutes = 60

    @Option(help: "How many times faster than real time the call runs (microphone, simulator pace and playback alike).")
    var speed = 30.0

    @Option(help: "Simulated seconds from the start of one turn to the next when the reply is not interrupted.")
    var turnSeconds = 12

    @Option(help: "Simulated seconds of a reply heard before the user cuts in (barge-in turns).")
    var heardBeforeBargeIn = 1.0

    /// One sample of memory and state, taken every ten turns.
    private struct Sample {
        var minute: Double
        var turns: Int
        var residentBytes: Int
        var simulatorResidentBytes: Int
        var entries: Int
        var textBytes: Int
        var eventRows: Int
        var renderNanoseconds: Double
    }

    func run() async throws {
        let sentences = try common.sentences()
        let simulator = try SimulatorProcess(rtconsole: common.rtconsole, pace: speed, logFolder: common.workFolder, name: "memory-sim")
        let endpoint = try simulator.endpoint
        let player = NullAudioOutput(rate: .accelerated(speed))
        try player.start()
        defer { player.stop() }
        let playback = CountingPlayback(player)
        let session = RealtimeSession(options: SessionOptions(endpoint: endpoint, playback: playback, reconnect: .never))
        let model = ConsoleModel(
            call: ConsoleReplay.callInfo(endpoint: endpoint.url.absoluteString), config: SessionConfig(), audio: .live,
            width: 100, height: 30, now: Date())
        let watcher = SessionWatcher(model: model)
        let reading = watcher.watch(session)
        try await session.connect()
        var microphone = CompressedMicrophone(session: session, speed: speed)
        var samples = [await sample(at: 0, turns: 0, session: session, watcher: watcher, simulator: simulator)]
        Progress.say(
            "figure 4: a \(minutes)-minute call of \(turns) turns at \(Int(speed))× real time (about \(minutes * 60 / Int(speed)) s); a sample every 10 turns"
        )
        let wallStart = ContinuousClock.now
        for turn in 0..<turns {
            let turnStart = microphone.milliseconds
            let before = watcher.read { ($0.turns.count, $0.bargeIns) }
            let itemsBefore = playback.latest.items
            try await microphone.say(sentences[turn % sentences.count])
            if turn % 3 == 2 {
                let heardMs = Int(heardBeforeBargeIn * 1000)
                try await microphone.silence("the reply to turn \(turn + 1)", limitMilliseconds: 30_000) { _ in
                    let latest = playback.latest
                    return latest.items > itemsBefore && latest.heardMilliseconds >= heardMs
                }
            } else {
                let slot = turnSeconds * 1000
                try await microphone.silence("the end of the reply to turn \(turn + 1)", limitMilliseconds: 60_000) { now in
                    let done = watcher.read { $0.turns.count > before.0 && !$0.responding }
                    return done && !playback.latest.playing && now - turnStart >= slot
                }
            }
            if turn % 3 == 0, turn > 0 {
                try await watcher.wait("the barge-in of turn \(turn)", timeout: .seconds(10)) { $0.bargeIns > before.1 }
            }
            if (turn + 1) % 10 == 0 {
                samples.append(await sample(at: microphone.milliseconds, turns: turn + 1, session: session, watcher: watcher, simulator: simulator))
                if (turn + 1) % 50 == 0 { Progress.say("figure 4: \(turn + 1) turns, \(microphone.milliseconds / 60_000) simulated minutes") }
            }
        }
        if microphone.milliseconds < minutes * 60_000 {
            try await microphone.silence("the end of the call", limitMilliseconds: minutes * 60_000) { $0 >= minutes * 60_000 }
            samples.append(await sample(at: microphone.milliseconds, turns: turns, session: session, watcher: watcher, simulator: simulator))
        }
        let wall = (ContinuousClock.now - wallStart).seconds
        let seen = watcher.read { $0 }
        await session.finish()
        await reading.value
        await simulator.stop()
        try figure(samples, seen: seen, wallSeconds: wall).save(in: common.resultsFolder)
    }

    private func sample(at milliseconds: Int, turns: Int, session: RealtimeSession, watcher: SessionWatcher, simulator: SimulatorProcess) async
        -> Sample
    {
        let entries = await session.conversation.entries
        let model = watcher.read { $0.model }
        var renders: [Double] = []
        if let model {
            let clock = ContinuousClock()
            for _ in 0..<20 {
                let start = clock.now
                blackHole(ConsoleRenderer.render(model))
                renders.append((clock.now - start).nanoseconds)
            }
        }
        return Sample(
            minute: Double(milliseconds) / 60_000, turns: turns, residentBytes: ProcessSample.current()?.residentBytes ?? 0,
            simulatorResidentBytes: ProcessSample.read(pid: simulator.child.pid)?.residentBytes ?? 0, entries: entries.count,
            textBytes: entries.reduce(0) { $0 + $1.text.utf8.count }, eventRows: model?.events.rows.count ?? 0,
            renderNanoseconds: Summary(renders).median)
    }

    private func figure(_ samples: [Sample], seen: SessionWatcher.Seen, wallSeconds: Double) -> FigureResult {
        let settled = samples.filter { $0.minute >= 10 }
        let fit = LinearFit(x: settled.map(\.minute), y: settled.map { Double($0.residentBytes) / 1_048_576 })
        let simulatorFit = LinearFit(x: settled.map(\.minute), y: settled.map { Double($0.simulatorResidentBytes) / 1_048_576 })
        let perHour = fit.slope * 60
        let last = samples.last ?? samples[0]
        let shown = samples.enumerated().filter { index, sample in index == 0 || index == samples.count - 1 || sample.turns % 30 == 0 }.map(\.element)
        let rows = shown.map { s in
            [
                Units.number(s.minute, decimals: 1), "\(s.turns)", Units.mebibytes(s.residentBytes), "\(s.entries)", "\(s.textBytes)",
                "\(s.eventRows)",
                Units.time(nanoseconds: s.renderNanoseconds), Units.mebibytes(s.simulatorResidentBytes),
            ]
        }
        let completed = seen.turns.filter { $0.status == "completed" }.count
        let cancelled = seen.turns.filter { $0.status == "cancelled" }.count
        return FigureResult(
            figure: "4", title: "Memory over a simulated 60-minute call",
            method: """
                One process holds what the console holds during a call: a `RealtimeSession` with a player, and a \
                `ConsoleModel` that every session update is applied to (transcript, event log, meters). It talks to a \
                separate `rtconsole sim --pace \(Int(speed))` process (the simulator keeps the conversation's audio, as the \
                service does, so it must not share the measured process). The call is compressed \(Int(speed))×: the \
                microphone streams espeak-ng sentences and then silence \(Int(speed))× faster than real time, and the player \
                hears replies \(Int(speed))× faster (the null output's clock at an accelerated rate, which keeps no audio). A turn lasts \(turnSeconds) simulated seconds or until its reply has \
                played; every third turn the next sentence starts after \(Units.number(heardBeforeBargeIn, decimals: 1)) s of \
                the reply has been heard, a barge-in (the server cancels, the session truncates at what was heard). RSS \
                (VmRSS) is sampled every 10 turns with the conversation's size, the console's event rows and the median of \
                20 renders at 100×30; the slope is a least-squares fit of RSS against simulated minutes from minute 10 on.
                """,
            columns: ["simulated min", "turns", "RSS", "entries", "transcript bytes", "event rows", "render 100×30", "simulator RSS"],
            rows: rows,
            targets: [
                TargetCheck(
                    name: "memory over a 60-minute call", target: "flat (< 2 MiB per hour)",
                    measured: Units.number(perHour, decimals: 2) + " MiB per hour", met: abs(perHour) < 2)
            ],
            notes: [
                """
                \(seen.turns.count) responses: \(completed) completed, \(cancelled) cancelled; \(seen.bargeIns) barge-ins; \
                \(Units.number(last.minute, decimals: 1)) simulated minutes in \(Units.number(wallSeconds, decimals: 0)) s. RSS went from \
                \(Units.mebibytes(samples[0].residentBytes)) (connected, before the first turn) to \(Units.mebibytes(last.residentBytes)); \
                fitted slope \(Units.number(fit.slope * 1024, decimals: 1)) KiB per simulated minute.
                """,
                """
                The simulator process grew \(Units.number(simulatorFit.slope * 60, decimals: 1)) MiB per hour: it keeps every \
                item's audio, as the service's conversation does; that is the server's memory, not the console's.
                """,
                "rtbench links the allocation counter (malloc-interposer), which puts a 16-byte header on every allocation of the measuring process; absolute RSS is a little higher than the console's would be, the slope hardly changes.",
            ]
                + seen.problems.prefix(3).map { "The session reported: \($0)" })
    }
}
