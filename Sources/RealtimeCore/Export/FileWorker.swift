import Dispatch
import Foundation
import Synchronization

/// A thread of its own for file writes, so that no write runs on a socket's event loop or on the
/// cooperative pool: jobs run one after another, in the order they were submitted.
public final class FileWorker: Sendable {
    /// The jobs waiting, shared with the thread (which must not keep the worker itself alive).
    private final class Jobs: Sendable {
        struct Queue {
            var waiting: [@Sendable () -> Void] = []
            var stopped = false
        }

        let queue = Mutex(Queue())
        /// Counts submitted jobs; the thread waits on it. DispatchSemaphore is thread-safe and Sendable.
        let signal = DispatchSemaphore(value: 0)

        /// Runs jobs until stopped, on the calling thread.
        func run() {
            while true {
                signal.wait()
                let next = queue.withLock { state -> (@Sendable () -> Void)? in
                    state.waiting.isEmpty ? nil : state.waiting.removeFirst()
                }
                if let next {
                    next()
                } else if queue.withLock({ $0.stopped }) {
                    return
                }
            }
        }
    }

    private let jobs = Jobs()

    /// Starts the thread.
    ///
    /// - Parameter name: the thread's name, as debuggers and `top -H` show it (its first 15 bytes: ``ThreadName``).
    public init(name: String) {
        let jobs = self.jobs
        let thread = Thread {
            ThreadName.setCurrent(name)
            jobs.run()
        }
        thread.start()
    }

    deinit {
        jobs.queue.withLock { $0.stopped = true }
        jobs.signal.signal()
    }

    /// Runs `job` on the worker's thread after every job submitted before it.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.queue.withLock { $0.waiting.append(job) }
        jobs.signal.signal()
    }

    /// Runs `job` on the worker's thread and waits (without blocking a thread) for its result.
    public func perform<Result: Sendable>(_ job: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: job()) }
        }
    }
}
