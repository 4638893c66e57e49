import Foundation
import Synchronization

/// A dedicated thread for a blocking audio loop (`pa_simple_read`/`pa_simple_write` must never run on the
/// cooperative pool), with a stop flag the loop polls between blocking calls.
final class StreamThread: Sendable {
    private let running = Atomic<Bool>(true)

    private init() {}

    /// Starts `body` on a new thread.
    ///
    /// - Parameters:
    ///   - name: the thread's name (shown by debuggers and `top -H`).
    ///   - body: the loop; it should return soon after ``shouldRun`` becomes false.
    /// - Returns: the handle used to stop the loop.
    static func start(name: String, _ body: @escaping @Sendable (StreamThread) -> Void) -> StreamThread {
        let handle = StreamThread()
        let thread = Thread { body(handle) }
        thread.name = name
        thread.qualityOfService = .userInteractive
        thread.start()
        return handle
    }

    /// False once ``requestStop()`` was called.
    var shouldRun: Bool { running.load(ordering: .acquiring) }

    /// Asks the loop to end; it notices after its current blocking call.
    func requestStop() {
        running.store(false, ordering: .releasing)
    }

    /// Sleeps for `duration`, waking early when a stop is requested.
    ///
    /// - Returns: ``shouldRun`` after the sleep.
    func pause(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while shouldRun, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return shouldRun
    }
}
