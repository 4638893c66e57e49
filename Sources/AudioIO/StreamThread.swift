import Dispatch
import Foundation
import RealtimeCore
import Synchronization

/// A dedicated thread for blocking audio work (opening a stream, and reopening it with backoff, must
/// never run on the cooperative pool), with a stop flag the loop polls between blocking calls and a wake-up
/// signal for a loop that sleeps while it has nothing to do.
final class StreamThread: Sendable {
    private let running = Atomic<Bool>(true)
    /// Signalled by ``wake()`` and ``requestStop()``; DispatchSemaphore is thread-safe and Sendable.
    private let signal = DispatchSemaphore(value: 0)

    private init() {}

    /// Starts `body` on a new thread.
    ///
    /// - Parameters:
    ///   - name: the thread's name, as debuggers and `top -H` show it (its first 15 bytes: ``ThreadName``).
    ///   - body: the loop; it should return soon after ``shouldRun`` becomes false.
    /// - Returns: the handle used to stop the loop.
    static func start(name: String, _ body: @escaping @Sendable (StreamThread) -> Void) -> StreamThread {
        let handle = StreamThread()
        let thread = Thread {
            ThreadName.setCurrent(name)
            body(handle)
        }
        thread.qualityOfService = .userInteractive
        thread.start()
        return handle
    }

    /// False once ``requestStop()`` was called.
    var shouldRun: Bool { running.load(ordering: .acquiring) }

    /// Asks the loop to end; it notices after its current blocking call, or at once if it is waiting.
    func requestStop() {
        running.store(false, ordering: .releasing)
        signal.signal()
    }

    /// Ends a ``waitForWork(timeout:)`` in progress, or the next one if none is.
    func wake() {
        signal.signal()
    }

    /// Sleeps until ``wake()`` or ``requestStop()`` is called, or `timeout` passes.
    ///
    /// - Parameter timeout: the longest sleep, or nil to sleep until woken.
    /// - Returns: true when woken, false when the timeout passed.
    @discardableResult
    func waitForWork(timeout: Duration?) -> Bool {
        guard let timeout else {
            signal.wait()
            return true
        }
        return signal.wait(timeout: .after(timeout)) == .success
    }

    /// Sleeps for `duration`, waking early when a stop is requested.
    ///
    /// - Returns: ``shouldRun`` after the sleep.
    func pause(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while shouldRun {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            waitForWork(timeout: left)
        }
        return shouldRun
    }
}
