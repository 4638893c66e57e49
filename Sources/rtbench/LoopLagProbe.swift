import Foundation
import NIOCore
import Synchronization

/// Measures how long jobs wait on an event loop: a thread of its own hands the loop a tiny job every
/// `interval` and records, for each, how long it waited before it ran. While the loop is free a job runs
/// within microseconds; a job that waited longer measures a stall of event handling (anything else the
/// loop was doing, such as a blocking wait or a file write, holds it up).
final class LoopLagProbe: Sendable {
    /// One job: when it was handed to the loop and how long it waited (both in CLOCK_MONOTONIC nanoseconds).
    struct Sample: Sendable {
        var submitted: Int64
        var waited: Int64
    }

    private let samples = Mutex<[Sample]>([])
    private let running = Atomic<Bool>(true)

    /// Starts probing `loop` every `interval`.
    init(loop: any EventLoop, interval: Duration = .microseconds(250)) {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                let submitted = MonotonicTime.now()
                loop.execute { [self] in
                    let waited = MonotonicTime.now() - submitted
                    self.samples.withLock { $0.append(Sample(submitted: submitted, waited: waited)) }
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

    /// The longest wait, in milliseconds, of the jobs handed over between `start` and `end`.
    func longestWait(from start: Int64, to end: Int64) -> Double {
        let waits = samples.withLock { samples in samples.filter { $0.submitted >= start && $0.submitted <= end }.map(\.waited) }
        return Double(waits.max() ?? 0) / 1e6
    }

    /// How many jobs were handed over in all.
    var count: Int { samples.withLock { $0.count } }
}
