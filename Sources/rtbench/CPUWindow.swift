import Foundation

/// The CPU shares of a simulator process and of rtbench itself over one window of a load test.
enum CPUWindow {
    /// Starts measuring at `start` and returns both shares at `end`.
    static func measure(simulator pid: Int32, from start: ContinuousClock.Instant, until end: ContinuousClock.Instant) -> Task<
        (simulator: Double, client: Double), Never
    > {
        Task {
            try? await Task.sleep(until: start, clock: .continuous)
            let simulatorBefore = ProcessSample.read(pid: pid)
            let clientBefore = ProcessSample.current()
            try? await Task.sleep(until: end, clock: .continuous)
            guard let simulatorBefore, let clientBefore, let simulatorAfter = ProcessSample.read(pid: pid), let clientAfter = ProcessSample.current()
            else { return (0, 0) }
            return (simulatorAfter.cpuPercent(since: simulatorBefore), clientAfter.cpuPercent(since: clientBefore))
        }
    }
}
