import CThreadAffinity
import Foundation
import Synchronization

/// Finds the moments when a CPU of this virtual machine ran nothing at all: a thread pinned to each CPU,
/// at real-time priority, wakes every 250 µs, and a wake-up more than 200 µs late for a reason other than
/// waiting for its CPU marks a pause.
///
/// This machine is a virtual machine whose host pauses each virtual CPU now and then, up to about 4 ms,
/// several times a second and with the machine idle: a lone thread spinning on the clock sees the gaps, a
/// trace of the scheduler shows a CPU with no event at all (not even the idle task's timer samples) while
/// they last, and neither the guest's `run_delay` nor the threads' CPU-time clocks account for them
/// reliably (a thread woken just before such a pause appears to have run through it). A real-time thread
/// pinned to the CPU runs as soon as that CPU does, unless the kernel was busy there without a point where
/// it may switch threads (this kernel does not preempt itself): that wait is in the watcher's `run_delay`,
/// and is taken off its lateness. What is left is the time the CPU did not run. Without permission for
/// real-time priority (root, `CAP_SYS_NICE` or an rtprio limit) the watch cannot tell the two apart, and
/// reports no pauses (``detects`` is false).
final class CPUPauseWatch: Sendable {
    /// A stretch of time in which one CPU ran nothing (CLOCK_MONOTONIC nanoseconds): from the deadline its
    /// watcher missed until the watcher ran.
    struct Pause: Sendable {
        var cpu: Int
        var start: Int64
        var end: Int64
    }

    /// Whether every watcher got real-time priority, so that its lateness means a paused CPU.
    let detects: Bool

    /// A pause longer than `interval + threshold` always includes a deadline early enough to be seen; a
    /// shorter one may be missed. A watcher's wake-up takes about 50 µs here (median; 70 µs at the 90th
    /// percentile).
    private static let interval: Int64 = 250_000
    private static let threshold: Int64 = 200_000

    /// What the watchers share with the watch.
    private final class Shared: Sendable {
        let pauses = Mutex<[Pause]>([])
        let running = Atomic<Bool>(true)
    }

    private let shared = Shared()

    /// Starts one watcher per online CPU.
    init() {
        let cpus = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let granted = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let shared = self.shared
        for cpu in 0..<cpus {
            let thread = Thread {
                var priority = sched_param(sched_priority: 1)
                let schedule = try? ThreadSchedule.ofCurrentThread()
                let realTime = rt_pin_current_thread(Int32(cpu)) == 0 && sched_setscheduler(0, SCHED_FIFO, &priority) == 0
                if realTime, schedule != nil { granted.add(1, ordering: .relaxed) }
                started.add(1, ordering: .releasing)
                guard let schedule else { return }
                Self.watch(cpu: cpu, schedule: schedule, shared: shared)
            }
            thread.name = "rtbench-cpu-\(cpu)"
            thread.start()
        }
        while started.load(ordering: .acquiring) < cpus { usleep(100) }
        detects = granted.load(ordering: .relaxed) == cpus
    }

    private static func watch(cpu: Int, schedule: ThreadSchedule, shared: Shared) {
        var deadline = MonotonicTime.now() + interval
        while shared.running.load(ordering: .relaxed) {
            let queuedBefore = schedule.queuedNanoseconds()
            var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
            let woke = MonotonicTime.now()
            if woke - deadline > threshold, woke - deadline - (schedule.queuedNanoseconds() - queuedBefore) > threshold {
                shared.pauses.withLock { $0.append(Pause(cpu: cpu, start: deadline, end: woke)) }
            }
            deadline = max(deadline + interval, woke + interval / 2)
        }
    }

    /// Stops the watchers.
    func stop() {
        shared.running.store(false, ordering: .relaxed)
    }

    /// The pauses found so far; nil when the watch cannot detect them.
    var found: [Pause]? {
        detects ? shared.pauses.withLock { $0 } : nil
    }

    /// Whether a pause of `cpu` (of any CPU when nil) overlaps the stretch from `start` to `end`.
    static func anyPause(in pauses: [Pause]?, of cpu: Int? = nil, from start: Int64, to end: Int64) -> Bool {
        pauses?.contains { ($0.cpu == cpu || cpu == nil) && $0.start < end && $0.end > start } ?? false
    }

    /// How the watch finds the pauses, as a figure's method says it.
    static let method = """
        The host of this virtual machine pauses its CPUs now and then (see the notes): a thread of rtbench's own pinned \
        to each CPU at real-time priority wakes every 250 µs, and a wake-up more than 200 µs late, less its own wait for \
        the CPU, marks a pause of that CPU (one over 450 µs is always seen).
        """

    /// A figure's note on the pauses found (nil: none could be told apart), which held up `heldUp`, shown
    /// apart from the figure.
    static func note(on pauses: [Pause]?, heldUp: String) -> String {
        guard let pauses else {
            return """
                The CPU pause watch had no real-time priority here (it needs root, `CAP_SYS_NICE` or an rtprio limit), so \
                no pause was told apart, and \(heldUp) count like any other.
                """
        }
        let lengths = Summary(pauses.map { Double($0.end - $0.start) / 1e6 })
        return """
            The CPUs paused \(lengths.count) times during the run (median \(Units.time(milliseconds: lengths.median)), longest \
            \(Units.time(milliseconds: lengths.maximum))). This is the host's doing, not load inside the machine: a lone \
            thread spinning on the clock of this idle machine loses about 2 % of its time in gaps of up to 4 ms, and a \
            trace of the scheduler shows no event at all on the paused CPU while a gap lasts, not even the idle task's \
            timer. No code running on that CPU can avoid such a pause, and the guest counts it as time the paused thread \
            ran or slept, not as a wait for a CPU (`run_delay`), so \(heldUp) are shown apart rather than judged.
            """
    }
}
