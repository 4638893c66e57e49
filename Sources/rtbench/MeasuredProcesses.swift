import Foundation

/// A client under measurement: its processes (CPU and RSS are their sum) and, when it has one, its screen.
struct MeasuredProcesses {
    var name: String
    var pids: [Int32]
    /// Reads the client's screen, if it has one.
    var screen: (() -> String?)?

    /// Measures one window's CPU share, sampling RSS every second when asked.
    func cpuWindow(seconds: Int, rss: ((ProcessGroupSample) -> Void)? = nil) async throws -> Double {
        guard let start = ProcessGroupSample.read(pids) else { throw BenchError("\(name) exited during the measurement") }
        for _ in 0..<seconds {
            try await Task.sleep(for: .seconds(1))
            if let sample = ProcessGroupSample.read(pids) { rss?(sample) }
        }
        guard let end = ProcessGroupSample.read(pids) else { throw BenchError("\(name) exited during the measurement") }
        return end.cpuPercent(since: start)
    }
}
