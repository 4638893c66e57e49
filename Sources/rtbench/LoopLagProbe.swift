import CThreadAffinity
import Foundation
import NIOCore
import RealtimeCore
import Synchronization

/// Measures how long jobs wait on an event loop: a thread of its own hands the loop a tiny job every
/// `interval` and records, for each, how long it waited before it ran. While the loop is free a job runs
/// within microseconds; a job that waited longer measures a stall of event handling.
///
/// A wait has two causes, and the probe tells them apart with the scheduler's account of the loop's thread
/// (``ThreadSchedule``): the loop was held up by what runs on it (work, a lock, a blocking call), or its
/// thread was ready but the kernel had no free CPU for it (on a machine with few cores shared with the
/// simulator, the sound server and the player). Each job records what the loop's thread was doing when the
/// job was handed over, how often it was given a CPU, how long it ran and how long it waited for a CPU
/// while the job waited.
final class LoopLagProbe: Sendable {
    /// One job: when it was handed to the loop, how long it waited, and how that wait was spent (all in
    /// CLOCK_MONOTONIC or CPU-time nanoseconds).
    struct Sample: Sendable {
        var submitted: Int64
        var waited: Int64
        /// How long the loop's thread waited for a CPU meanwhile (its `run_delay` grew by this much).
        var queued: Int64
        /// How long the loop's thread ran meanwhile.
        var busy: Int64
        /// How many major page faults the loop's thread took meanwhile.
        var pageIns: Int64
        /// What the loop's thread was doing when the job was handed over.
        var stateAtHandOver: ThreadSchedule.Activity
        /// How many times the loop's thread went to sleep meanwhile (its voluntary context switches), read
        /// for waits over ``sleepCheckThreshold`` only; nil otherwise.
        var sleeps: Int64?
        /// The CPU the job ran on.
        var cpu: Int

        /// The part of the wait that the loop itself caused.
        ///
        /// When the loop's thread did not sleep meanwhile, and was running, ready to run or idle in its wait
        /// for events when the job was handed over, it spent the wait running or waiting for a CPU: the
        /// loop's part is the time it ran. Otherwise it slept meanwhile, on a lock or in a blocking call
        /// (the loop's doing): the wait less the time it waited for a CPU, and never less than the time it
        /// ran. With a page-in, only the time it ran: the thread slept while the kernel read back code or
        /// data that memory reclaim had evicted, which is the machine's doing as a wait for a CPU is.
        ///
        /// `run_delay` is brought up to date when the thread gets a CPU, so a thread already waiting for one
        /// when the job was handed over has that earlier wait counted too; and it misses some waits (seen on
        /// this machine's kernel: a thread ready to run at the hand-over that got a CPU 5 ms later, with
        /// 31 µs of `run_delay`), hence the first rule. The CPU time read from the probe thread while the
        /// loop's thread runs on the other core can lag (seen: 1.07 ms of CPU time in a wait of 0.34 ms), so
        /// the time it ran is taken as at most the wait.
        var causedByLoop: Int64 {
            let ran = min(busy, waited)
            if pageIns > 0 || (sleeps == 0 && stateAtHandOver != .sleepingElsewhere) { return ran }
            return max(waited - queued, ran, 0)
        }
    }

    /// Waits shorter than this are short enough whatever their cause: the loop's thread is not asked how
    /// often it slept (a read of /proc on the loop itself).
    private static let sleepCheckThreshold: Int64 = 100_000

    /// The longest the probe thread may take to read the loop's account and hand a job over.
    private static let handOverLimit: Int64 = 50_000

    /// The jobs' samples. A job posts without a lock, so that it never waits for a reader that holds one (a
    /// lock wait would be a stall of the probe's own making).
    private let samples = PostedValues<Sample>()
    /// The jobs whose hand-over the probe thread was slow to finish (their `submitted`), left out.
    private let slowHandOvers = PostedValues<Int64>()
    private let running = Atomic<Bool>(true)

    /// The pauses of this machine's CPUs, which no code running on them can avoid.
    private let pauses: CPUPauseWatch

    /// Starts probing `loop` every `interval`, telling the loop's stalls from the pauses `pauses` finds.
    init(loop: any EventLoop, pauses: CPUPauseWatch, interval: Duration = .microseconds(250)) throws {
        self.pauses = pauses
        let schedule = try loop.submit { try ThreadSchedule.ofCurrentThread() }.wait()
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                let submitted = MonotonicTime.now()
                let queuedBefore = schedule.queuedNanoseconds()
                let busyBefore = schedule.cpuNanoseconds()
                let pageInsBefore = schedule.majorFaults()
                let sleepsBefore = schedule.voluntarySwitches()
                let state = schedule.activity()
                // A probe thread descheduled between these readings would pair a job with the loop's account
                // from before its own wait: such a job is not handed over (it happens a few times a second).
                guard MonotonicTime.now() - submitted < Self.handOverLimit else { continue }
                loop.execute { [self] in
                    let waited = MonotonicTime.now() - submitted
                    let sample = Sample(
                        submitted: submitted, waited: waited, queued: schedule.queuedNanoseconds() - queuedBefore,
                        busy: schedule.cpuNanoseconds() - busyBefore, pageIns: schedule.majorFaults() - pageInsBefore,
                        stateAtHandOver: state,
                        sleeps: waited > Self.sleepCheckThreshold ? schedule.voluntarySwitches() - sleepsBefore : nil,
                        cpu: Int(rt_current_cpu()))
                    samples.post(sample)
                }
                // Descheduled before the job was on the loop's queue, or perhaps: the job's wait then counts the
                // probe's own wait for a CPU, and the job is left out. A stall longer than the interval is still
                // seen by the jobs handed over during it.
                if MonotonicTime.now() - submitted > Self.handOverLimit { slowHandOvers.post(submitted) }
                Thread.sleep(forTimeInterval: interval / .seconds(1))
            }
        }
        thread.name = "rtbench loop probe"
        thread.start()
    }

    /// Stops probing.
    func stop() {
        running.store(false, ordering: .relaxed)
    }

    /// The longest stall, in milliseconds, among the jobs handed over between `start` and `end`.
    func longestStall(from start: Int64, to end: Int64) -> Stall {
        let window = takenIn().filter { $0.submitted >= start && $0.submitted <= end }
        let found = pauses.found
        let clear = window.filter { !CPUPauseWatch.anyPause(in: found, of: $0.cpu, from: $0.submitted, to: $0.submitted + $0.waited) }
        return Stall(
            causedByLoop: Double(clear.map(\.causedByLoop).max() ?? 0) / 1e6,
            causedByLoopOrPause: Double(window.map(\.causedByLoop).max() ?? 0) / 1e6,
            waited: Double(window.map(\.waited).max() ?? 0) / 1e6,
            pagedIn: window.contains { $0.pageIns > 0 }, jobs: window.count, heldByPause: window.count - clear.count)
    }

    /// How many jobs were handed over and kept.
    var count: Int { takenIn().count }

    /// Every sample so far but those left out, after taking in what was posted since the last read. A job's
    /// slow hand-over is known only once the probe thread is back from it, after the job may have run: it
    /// is left out when read, not when taken in.
    private func takenIn() -> [Sample] {
        let slow = Set(slowHandOvers.all)
        return samples.all.filter { !slow.contains($0.submitted) }
    }

    /// The longest stall in a window, in milliseconds.
    struct Stall: Sendable {
        /// The longest part of a job's wait that the loop itself caused, among the jobs that no pause of the
        /// CPU they ran on held up.
        var causedByLoop: Double
        /// The same among all the jobs: a pause of the loop's CPU counts here as the loop's own stall when the
        /// loop's thread slept or appeared to run meanwhile.
        var causedByLoopOrPause: Double
        /// The longest wait of a job, whatever held it up.
        var waited: Double
        /// Whether the loop's thread took a major page fault while a job of the window waited.
        var pagedIn: Bool
        /// The jobs handed over in the window, and how many of them a pause of their CPU held up.
        var jobs: Int
        var heldByPause: Int
    }
}
