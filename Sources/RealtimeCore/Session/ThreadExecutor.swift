import Dispatch
import Foundation
import Synchronization

/// A task executor with one thread of its own: it runs the jobs of the tasks that prefer it one at a
/// time, in the order they arrive.
///
/// A live call hands every microphone frame from the capture thread to the session and on to the
/// socket's writer, and every server event from the socket's reader to the session and on to the front
/// end. On the global pool each of those hand-overs can wake another thread. Tasks that prefer one
/// `ThreadExecutor` (`Task(executorPreference:)`) hand over inside its thread instead: only the first
/// hop from outside (the capture thread, the network thread) wakes it. Default actors that those tasks
/// call, such as ``RealtimeSession``, run on it too.
///
/// The thread ends once the executor is released and its queue is empty. Jobs must not block for long:
/// everything on the executor waits for them.
public final class ThreadExecutor: TaskExecutor {
    private let queue: Queue

    /// Starts the thread.
    ///
    /// - Parameter name: the thread's name, as tools such as `top -H` show it (at most 15 bytes are kept).
    public init(name: String) {
        let queue = Queue()
        self.queue = queue
        let thread = Thread { queue.run() }
        thread.name = name
        thread.start()
    }

    deinit {
        queue.stop()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job), executor: self)
    }

    /// The jobs waiting for the thread, and the thread's side of the hand-over.
    private final class Queue: Sendable {
        private struct State {
            var jobs: [(job: UnownedJob, executor: UnownedTaskExecutor)] = []
            var sleeping = false
            var stopped = false
        }

        private let state = Mutex(State())
        private let wakeUp = DispatchSemaphore(value: 0)

        func push(_ job: UnownedJob, executor: ThreadExecutor) {
            let entry = (job: job, executor: executor.asUnownedTaskExecutor())
            let wake = state.withLock { state in
                state.jobs.append(entry)
                defer { state.sleeping = false }
                return state.sleeping
            }
            if wake { wakeUp.signal() }
        }

        func stop() {
            let wake = state.withLock { state in
                state.stopped = true
                defer { state.sleeping = false }
                return state.sleeping
            }
            if wake { wakeUp.signal() }
        }

        /// The thread's loop: runs what is queued, sleeps when nothing is, ends when stopped and empty.
        func run() {
            var batch: [(job: UnownedJob, executor: UnownedTaskExecutor)] = []
            while true {
                let ended = state.withLock { state in
                    swap(&batch, &state.jobs)
                    if batch.isEmpty { state.sleeping = !state.stopped }
                    return batch.isEmpty && state.stopped
                }
                if ended { return }
                if batch.isEmpty {
                    wakeUp.wait()
                    continue
                }
                for entry in batch { entry.job.runSynchronously(on: entry.executor) }
                batch.removeAll(keepingCapacity: true)
            }
        }
    }
}
