import RealtimeCore
import Synchronization

/// Wakes the UI thread from its wait for keys when another thread hands it work.
///
/// The UI thread marks itself asleep before it waits on standard input and the pipe's read end; the first
/// ``wake()`` after that writes one byte, later ones write nothing until the thread is asleep again. Both
/// ends are non-blocking and close on exec.
final class WakePipe: Sendable {
    private let pipe: WakeUpPipe
    private let asleep = Atomic<Bool>(false)

    /// The end the UI thread polls.
    var readDescriptor: Int32 { pipe.readDescriptor }

    /// Opens the pipe.
    ///
    /// - Throws: `TerminalError` when the process is out of file descriptors.
    init() throws(TerminalError) {
        do {
            pipe = try WakeUpPipe()
        } catch {
            throw TerminalError("cannot create the console's wake-up pipe: \(error.reason)")
        }
    }

    /// Called by the UI thread just before it waits.
    func fallAsleep() {
        asleep.store(true, ordering: .sequentiallyConsistent)
    }

    /// Called by the UI thread when its wait ended: marks it awake and empties the pipe.
    func awaken() {
        asleep.store(false, ordering: .sequentiallyConsistent)
        pipe.drain()
    }

    /// Ends the UI thread's wait if it is waiting (from any thread).
    func wake() {
        guard asleep.exchange(false, ordering: .sequentiallyConsistent) else { return }
        pipe.signal()
    }
}
