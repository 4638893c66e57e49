import Foundation

/// CPU time and resident memory of a process at one instant, read from /proc.
struct ProcessSample: Sendable {
    /// User plus system CPU time of all the process's threads, living and exited, in seconds.
    var cpuSeconds: Double
    /// Resident set size in bytes (VmRSS).
    var residentBytes: Int
    /// When the sample was taken.
    var instant: ContinuousClock.Instant

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Reads a process's figures, or nil when it no longer exists.
    static func read(pid: Int32) -> ProcessSample? {
        let instant = ContinuousClock.now
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let cpuSeconds = cpuSeconds(stat: stat)
        else { return nil }
        var rss = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            rss = (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
        }
        return ProcessSample(cpuSeconds: cpuSeconds, residentBytes: rss, instant: instant)
    }

    /// User plus system CPU seconds from the text of a process's or a thread's `stat` file, or nil when
    /// it is not one.
    static func cpuSeconds(stat: String) -> Double? {
        guard let closing = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15 (1-based, as in proc(5)).
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// The sample of this process.
    static func current() -> ProcessSample? { read(pid: getpid()) }

    /// The share of one core used between an earlier sample and this one, in percent.
    func cpuPercent(since earlier: ProcessSample) -> Double {
        let wall = (instant - earlier.instant).seconds
        return wall > 0 ? (cpuSeconds - earlier.cpuSeconds) / wall * 100 : 0
    }
}
