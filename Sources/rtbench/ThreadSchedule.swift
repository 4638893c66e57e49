import Foundation

/// The kernel scheduler's account of one thread of this process: how long it has run and how long it has
/// waited, runnable, for a CPU. Either can be read from any thread.
///
/// The CPU time comes from the thread's CPU-time clock (`pthread_getcpuclockid`), which is exact at any
/// instant; the waiting time is the second field of `/proc/self/task/TID/schedstat` (`run_delay`), which the
/// kernel brings up to date each time the thread gets a CPU. The major page faults (`majflt` in
/// `/proc/self/task/TID/stat`) count the times the thread slept while the kernel read a page of it back
/// in: code or data that memory reclaim had evicted.
final class ThreadSchedule: Sendable {
    private let schedstat: Int32
    private let stat: Int32
    private let cpuClock: clockid_t

    /// The schedule of the thread that calls this.
    static func ofCurrentThread() throws -> ThreadSchedule {
        let schedstat = try openReadOnly("/proc/thread-self/schedstat")
        let stat: Int32
        do {
            stat = try openReadOnly("/proc/thread-self/stat")
        } catch {
            close(schedstat)
            throw error
        }
        var clock = clockid_t()
        guard pthread_getcpuclockid(pthread_self(), &clock) == 0 else {
            close(schedstat)
            close(stat)
            throw BenchError("this thread has no CPU-time clock")
        }
        return ThreadSchedule(schedstat: schedstat, stat: stat, cpuClock: clock)
    }

    private static func openReadOnly(_ path: String) throws(BenchError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    private init(schedstat: Int32, stat: Int32, cpuClock: clockid_t) {
        self.schedstat = schedstat
        self.stat = stat
        self.cpuClock = cpuClock
    }

    deinit {
        close(schedstat)
        close(stat)
    }

    /// Nanoseconds the thread has spent on a CPU.
    func cpuNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(cpuClock, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Nanoseconds the thread has spent runnable but waiting for a CPU, up to the last time it got one.
    func queuedNanoseconds() -> Int64 {
        var buffer = [UInt8](repeating: 0, count: 96)
        let count = buffer.withUnsafeMutableBytes { pread(schedstat, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return 0 }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2, let value = Int64(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return value
    }

    /// How many major page faults the thread has taken: each one a sleep while a page was read back in.
    func majorFaults() -> Int64 {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(stat, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return 0 }
        // The name in parentheses may hold spaces; the fields after it start with the state (field 3), so
        // majflt (field 12) is the tenth.
        guard let nameEnd = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        let fields = buffer[(nameEnd + 1)..<count].split(separator: UInt8(ascii: " "))
        guard fields.count >= 10, let value = Int64(String(decoding: fields[9], as: UTF8.self)) else { return 0 }
        return value
    }
}
