import Foundation

/// What the threads of measured processes did between two readings: CPU share and wake-ups per thread name,
/// so a figure can say where a client's CPU goes and set it beside the floor's.
///
/// A thread's CPU time is utime + stime of `/proc/PID/task/TID/stat`; its wake-ups are its voluntary context
/// switches (`status`), each a sleep the thread woke from. Threads of one process that share a name (a
/// thread pool's) are counted together; a thread that starts or ends between the readings counts from
/// zero or not at all.
struct ThreadLoad: Equatable {
    /// The process's command and the thread's name, as the kernel shows them.
    var process: String
    var thread: String
    /// Share of one core, in percent.
    var cpuPercent: Double
    var wakeUpsPerSecond: Double

    /// One reading of every thread of some processes.
    struct Reading {
        /// Per (process, thread) name: CPU seconds and voluntary switches, summed over same-named threads.
        fileprivate var counters: [Key: Counters]
        fileprivate var instant: ContinuousClock.Instant

        fileprivate struct Key: Hashable {
            var process: String
            var thread: String
        }

        fileprivate struct Counters {
            var cpuSeconds: Double = 0
            var switches: Int = 0

            mutating func add(_ other: Counters) {
                cpuSeconds += other.cpuSeconds
                switches += other.switches
            }
        }

        /// Reads the threads of `pids`; a process or thread that is gone is left out.
        static func take(_ pids: [Int32]) -> Reading {
            var counters: [Key: Counters] = [:]
            for pid in pids {
                guard let process = Self.command(pid), let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else {
                    continue
                }
                for task in tasks {
                    guard let thread = ThreadLoad.threadCounters(pid: pid, tid: task) else { continue }
                    counters[Key(process: process, thread: thread.name), default: Counters()].add(thread.counters)
                }
            }
            return Reading(counters: counters, instant: .now)
        }

        private static func command(_ pid: Int32) -> String? {
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// A thread's name, CPU seconds and voluntary context switches, or nil when it is gone.
    private static func threadCounters(pid: Int32, tid: String) -> (name: String, counters: Reading.Counters)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/status", encoding: .utf8),
            let opening = stat.firstIndex(of: "("), let closing = stat.lastIndex(of: ")"),
            let cpuSeconds = ProcessSample.cpuSeconds(stat: stat)
        else { return nil }
        // The name sits between the first "(" and the last ")".
        let name = String(stat[stat.index(after: opening)..<closing])
        let switches = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
            .flatMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") }
        return (name, Reading.Counters(cpuSeconds: cpuSeconds, switches: switches ?? 0))
    }

    /// The load of each thread between two readings, busiest first.
    static func between(_ start: Reading, _ end: Reading) -> [ThreadLoad] {
        let wall = (end.instant - start.instant).seconds
        guard wall > 0 else { return [] }
        return end.counters.map { key, counters in
            let before = start.counters[key] ?? Reading.Counters()
            return ThreadLoad(
                process: key.process, thread: key.thread, cpuPercent: (counters.cpuSeconds - before.cpuSeconds) / wall * 100,
                wakeUpsPerSecond: Double(counters.switches - before.switches) / wall)
        }
        .sorted { first, second in
            if first.cpuPercent != second.cpuPercent { return first.cpuPercent > second.cpuPercent }
            if first.wakeUpsPerSecond != second.wakeUpsPerSecond { return first.wakeUpsPerSecond > second.wakeUpsPerSecond }
            return (first.process, first.thread) < (second.process, second.thread)
        }
    }

    /// One line for a figure's notes: every thread that used CPU or woke at least once a second, with the
    /// process named when the line covers several.
    static func describe(_ loads: [ThreadLoad]) -> String {
        let processes = Set(loads.map(\.process))
        return loads.filter { $0.cpuPercent >= 0.005 || $0.wakeUpsPerSecond >= 1 }
            .map { load in
                let name = processes.count > 1 && load.thread != load.process ? "\(load.process) \(load.thread)" : load.thread
                return "`\(name)` \(Units.percent(load.cpuPercent)) (\(Units.number(load.wakeUpsPerSecond, decimals: 0)) wake-ups/s)"
            }
            .joined(separator: ", ")
    }
}
