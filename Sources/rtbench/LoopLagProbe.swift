import Foundation
import NIOCore
import Synchronization

/// Measures how long jobs wait on an event loop: a thread of its own hands the loop a tiny job every
/// `interval` and records, for each, how long it waited before it ran. While the loop is free a job runs
/// within microseconds; a job that waited longer measures a stall of event handling.
///
/// A wait has two causes, and the probe tells them apart with the scheduler's account of the loop's thread
/// (``ThreadSchedule``): the loop was held up by what runs on it (work, a blocking wait, a file write), or
/// its thread was ready but the kernel had no free CPU for it (on a machine with few cores shared with the
/// simulator, the sound server and the player). Each job records the time the loop's thread spent waiting
/// for a CPU while the job waited, and the CPU time it spent running meanwhile.
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

        /// The part of the wait that the loop itself caused: the wait without the time its thread waited
        /// for a CPU, and never less than the time it ran. With a page-in, only the time it ran: the thread
        /// slept while the kernel read back code or data that memory reclaim had evicted, which is the
        /// machine's doing as a wait for a CPU is.
        ///
        /// `run_delay` is brought up to date when the thread gets a CPU, so a thread already waiting for one
        /// when the job was handed over has that earlier wait counted too; the CPU time is exact, hence the
        /// floor.
        var causedByLoop: Int64 { pageIns > 0 ? busy : max(waited - queued, busy, 0) }
    }

    /// The longest the probe thread may take to read the time and the loop's account before a job.
    private static let readingLimit: Int64 = 50_000

    /// The samples in chunks of ``chunkSize``, each allocated whole when started: a job appends on the loop
    /// without ever copying the samples so far (one growing array copied megabytes there, a stall of the
    /// probe's own making), and a reader copies the list of chunks under the lock and searches it outside,
    /// so jobs do not wait for a search either.
    private let samples = Mutex<[[Sample]]>([])
    private static let chunkSize = 4096
    private let running = Atomic<Bool>(true)

    /// Starts probing `loop` every `interval`.
    init(loop: any EventLoop, interval: Duration = .microseconds(250)) throws {
        let schedule = try loop.submit { try ThreadSchedule.ofCurrentThread() }.wait()
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                let submitted = MonotonicTime.now()
                let queuedBefore = schedule.queuedNanoseconds()
                let busyBefore = schedule.cpuNanoseconds()
                let pageInsBefore = schedule.majorFaults()
                // A probe thread descheduled between these readings would pair a job with the loop's account
                // from before its own wait: such a job is not handed over (it happens a few times a second).
                guard MonotonicTime.now() - submitted < Self.readingLimit else { continue }
                loop.execute { [self] in
                    let waited = MonotonicTime.now() - submitted
                    let queued = schedule.queuedNanoseconds() - queuedBefore
                    let busy = schedule.cpuNanoseconds() - busyBefore
                    let pageIns = schedule.majorFaults() - pageInsBefore
                    let sample = Sample(submitted: submitted, waited: waited, queued: queued, busy: busy, pageIns: pageIns)
                    self.samples.withLock { chunks in
                        if chunks.last.map({ $0.count >= Self.chunkSize }) ?? true {
                            chunks.append([])
                            chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
                        }
                        chunks[chunks.count - 1].append(sample)
                    }
                }
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
        let chunks = samples.withLock { $0 }
        let window = chunks.joined().filter { $0.submitted >= start && $0.submitted <= end }
        return Stall(
            causedByLoop: Double(window.map(\.causedByLoop).max() ?? 0) / 1e6,
            waited: Double(window.map(\.waited).max() ?? 0) / 1e6,
            pagedIn: window.contains { $0.pageIns > 0 })
    }

    /// How many jobs were handed over in all.
    var count: Int { samples.withLock { $0.reduce(0) { $0 + $1.count } } }

    /// The longest stall in a window, in milliseconds.
    struct Stall: Sendable {
        /// The longest part of a job's wait that the loop itself caused.
        var causedByLoop: Double
        /// The longest wait of a job, whatever held it up.
        var waited: Double
        /// Whether the loop's thread took a major page fault while a job of the window waited.
        var pagedIn: Bool
    }
}
