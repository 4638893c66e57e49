import Foundation

/// The kernel scheduler's account of one thread of this process: how long it has run, how long it has
/// waited, runnable, for a CPU, how often it went to sleep, and what it is doing now. Each can be read from
/// any thread.
///
/// The CPU time comes from the thread's CPU-time clock (`pthread_getcpuclockid`); the waiting time is the
/// second field of `/proc/self/task/TID/schedstat` (`run_delay`, brought up to date each time the thread
/// gets a CPU); the sleeps are `voluntary_ctxt_switches` in `status`. The major page faults (`majflt` in
/// `stat`) count the times the thread slept while the kernel read a page of it back in: code or data that
/// memory reclaim had evicted. `wchan` names the kernel function a sleeping thread waits in.
final class ThreadSchedule: Sendable {
    /// What a thread is doing at a moment.
    enum Activity: Sendable, Equatable {
        /// Running, or ready to run and waiting for a CPU.
        case runningOrReady
        /// Asleep in `epoll_wait`: an event loop with nothing to do.
        case waitingForEvents
        /// Asleep in anything else: a lock, a blocking call.
        case sleepingElsewhere
    }

    private let schedstat: Int32
    private let stat: Int32
    private let wchan: Int32
    private let status: Int32
    private let cpuClock: clockid_t

    /// The schedule of the thread that calls this.
    static func ofCurrentThread() throws -> ThreadSchedule {
        var clock = clockid_t()
        guard pthread_getcpuclockid(pthread_self(), &clock) == 0 else { throw BenchError("this thread has no CPU-time clock") }
        var opened: [Int32] = []
        do {
            for name in ["schedstat", "stat", "wchan", "status"] { opened.append(try openReadOnly("/proc/thread-self/\(name)")) }
        } catch {
            for descriptor in opened { close(descriptor) }
            throw error
        }
        return ThreadSchedule(schedstat: opened[0], stat: opened[1], wchan: opened[2], status: opened[3], cpuClock: clock)
    }

    private static func openReadOnly(_ path: String) throws(BenchError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BenchError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    private init(schedstat: Int32, stat: Int32, wchan: Int32, status: Int32, cpuClock: clockid_t) {
        self.schedstat = schedstat
        self.stat = stat
        self.wchan = wchan
        self.status = status
        self.cpuClock = cpuClock
    }

    deinit {
        for descriptor in [schedstat, stat, wchan, status] { close(descriptor) }
    }

    /// Nanoseconds the thread has spent on a CPU.
    func cpuNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(cpuClock, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Nanoseconds the thread has spent runnable but waiting for a CPU, up to the last time it got one.
    func queuedNanoseconds() -> Int64 {
        let text = read(schedstat, upTo: 96)
        let fields = text.split(separator: UInt8(ascii: " "))
        guard fields.count >= 2, let value = Int64(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return value
    }

    /// How many major page faults the thread has taken: each one a sleep while a page was read back in.
    func majorFaults() -> Int64 {
        let text = read(stat, upTo: 512)
        // The name in parentheses may hold spaces; the fields after it start with the state (field 3), so
        // majflt (field 12) is the tenth.
        guard let nameEnd = text.lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        let fields = text[(nameEnd + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 10, let value = Int64(String(decoding: fields[9], as: UTF8.self)) else { return 0 }
        return value
    }

    /// How many times the thread has gone to sleep: its voluntary context switches.
    func voluntarySwitches() -> Int64 {
        for line in read(status, upTo: 2048).split(separator: UInt8(ascii: "\n")) where line.starts(with: Self.voluntaryField) {
            let digits = line.dropFirst(Self.voluntaryField.count).filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            return Int64(String(decoding: digits, as: UTF8.self)) ?? 0
        }
        return 0
    }

    /// What the thread is doing now, from its `wchan`: "0" while it runs or is ready to run, else the kernel
    /// function it sleeps in.
    func activity() -> Activity {
        let name = read(wchan, upTo: 64)
        if name.elementsEqual([UInt8(ascii: "0")]) { return .runningOrReady }
        return name.starts(with: Self.epollWait) ? .waitingForEvents : .sleepingElsewhere
    }

    private static let voluntaryField = Array("voluntary_ctxt_switches:".utf8)
    private static let epollWait = Array("do_epoll_wait".utf8)

    /// The start of a /proc file, read again from its beginning.
    private func read(_ descriptor: Int32, upTo size: Int) -> ArraySlice<UInt8> {
        var buffer = [UInt8](repeating: 0, count: size)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return buffer[..<max(count, 0)]
    }
}
