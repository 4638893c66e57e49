import Foundation
import Synchronization

/// The machine's own floor under a hand-over: a thread of its own that does nothing but wake every 20 ms
/// (an absolute CLOCK_MONOTONIC deadline, as the capture stream's frames arrive) and records how late each
/// wake-up was.
///
/// Run beside a measurement, it sees the same load and the same pauses of the virtual CPUs that the
/// measured threads see, without any of rtconsole's code: on a quiet machine its lateness is the timer's
/// slack (50 µs) and the wake-up itself; where its tail reaches milliseconds, so does any thread's.
final class WakeUpLateness: Sendable {
    private let interval: Int64 = 20_000_000
    private let stopping = Atomic<Bool>(false)
    private let lateness = Mutex<[Double]>([])
    private let ended = Mutex<Bool>(false)

    /// Starts the thread at once.
    init() {
        let thread = Thread { [self] in
            var values: [Double] = []
            var deadline = MonotonicTime.now() + interval
            while !stopping.load(ordering: .relaxed) {
                var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
                values.append(Double(MonotonicTime.now() - deadline) / 1e6)
                deadline += interval
            }
            lateness.withLock { $0 = values }
            ended.withLock { $0 = true }
        }
        thread.name = "rtbench-wake-up"
        thread.start()
    }

    /// Stops the thread and returns the lateness of every wake-up, in milliseconds.
    func stop() async -> [Double] {
        stopping.store(true, ordering: .relaxed)
        while !ended.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
        return lateness.withLock { $0 }
    }
}
