import Foundation

/// A call measured as the console benchmarks measure one: CPU over windows while speech loops into the
/// microphone, then the rest of a long call with RSS sampled every 10 s.
struct CallMeasurement {
    /// CPU share per window.
    var cpu: Summary
    /// CPU share and wake-ups of each thread over all the windows together.
    var threads: [ThreadLoad]
    var residentAfterCall: Int
    /// Bytes per minute, fitted over the call after its first window.
    var slope: Double
    var callMinutes: Double

    /// True when the call lasted the hour, so ``projectedHour`` is a measurement.
    var lastedAnHour: Bool { callMinutes >= 59.5 }

    /// RSS an hour into a call: measured when the call lasted that long, else extrapolated along the fitted
    /// slope (never below what was measured).
    var projectedHour: Int { lastedAnHour ? residentAfterCall : residentAfterCall + Int(max(0, slope) * max(0, 60 - callMinutes)) }

    /// Measures a call: `windows` CPU windows of `seconds` with `speech` looping into the microphone, then
    /// until `minutes` with RSS every 10 s (a progress line every 10 minutes, prefixed with `label`).
    ///
    /// - Returns: the measurement and the client's screen at the end of the call.
    static func measure(
        _ client: MeasuredProcesses, windows: Int, seconds: Int, minutes: Double, speech: SpeechLoop, label: String
    ) async throws -> (CallMeasurement, screen: String?) {
        var cpu: [Double] = []
        var rss: [(minute: Double, bytes: Int)] = []
        let start = ContinuousClock.now
        let threadsAtStart = ThreadLoad.Reading.take(client.pids)
        for _ in 0..<windows {
            cpu.append(
                try await client.cpuWindow(seconds: seconds) { sample in
                    rss.append(((sample.instant - start).seconds / 60, sample.residentBytes))
                })
        }
        let threads = ThreadLoad.between(threadsAtStart, ThreadLoad.Reading.take(client.pids))
        if minutes > 0 {
            Progress.say("\(label): \(client.name): the call goes on until \(Units.number(minutes, decimals: 0)) minutes (RSS every 10 s)")
        }
        var lastReport = ContinuousClock.now
        while (ContinuousClock.now - start).seconds / 60 < minutes {
            try await Task.sleep(for: .seconds(10))
            guard let sample = ProcessGroupSample.read(client.pids) else { throw BenchError("\(client.name) exited during the long call") }
            rss.append(((sample.instant - start).seconds / 60, sample.residentBytes))
            if ContinuousClock.now - lastReport >= .seconds(600) {
                lastReport = .now
                Progress.say(
                    "\(label): \(Units.number(rss.last?.minute ?? 0, decimals: 0)) minutes into the call, RSS \(Units.mebibytes(sample.residentBytes))"
                )
            }
        }
        let screen = client.screen?()
        await speech.stop()
        let settled = rss.dropFirst(seconds)
        let fit = LinearFit(x: settled.map(\.minute), y: settled.map { Double($0.bytes) })
        let measured = CallMeasurement(
            cpu: Summary(cpu), threads: threads, residentAfterCall: rss.last?.bytes ?? 0, slope: fit.slope,
            callMinutes: (ContinuousClock.now - start).seconds / 60)
        return (measured, screen)
    }
}
