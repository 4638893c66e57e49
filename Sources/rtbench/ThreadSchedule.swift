import Foundation

/// The kernel scheduler's account of one thread of this process: how long it has run and how long it has
/// waited, runnable, for a CPU. Either can be read from any thread.
///
/// The CPU time comes from the thread's CPU-time clock (`pthread_getcpuclockid`), which is exact at any
/// instant; the waiting time is the second field of `/proc/self/task/TID/schedstat` (`run_delay`), which the
/// kernel brings up to date each time the thread gets a CPU.
final class ThreadSchedule: Sendable {
    private let schedstat: Int32
    private let cpuClock: clockid_t

    /// The schedule of the thread that calls this.
    static func ofCurrentThread() throws -> ThreadSchedule {
        let path = "/proc/thread-self/schedstat"
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var clock = clockid_t()
        guard pthread_getcpuclockid(pthread_self(), &clock) == 0 else {
            close(descriptor)
            throw BenchError("this thread has no CPU-time clock")
        }
        return ThreadSchedule(schedstat: descriptor, cpuClock: clock)
    }

    private init(schedstat: Int32, cpuClock: clockid_t) {
        self.schedstat = schedstat
        self.cpuClock = cpuClock
    }

    deinit {
        close(schedstat)
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
}
