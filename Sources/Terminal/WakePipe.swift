import Foundation
import Synchronization

/// Wakes the UI thread from its wait for keys when another thread hands it work.
///
/// The UI thread marks itself asleep before it waits on standard input and the pipe's read end; the first
/// ``wake()`` after that writes one byte, later ones write nothing until the thread is asleep again. Both
/// ends are non-blocking and close on exec.
final class WakePipe: Sendable {
    /// The end the UI thread polls.
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let asleep = Atomic<Bool>(false)

    /// Opens the pipe.
    ///
    /// - Throws: `TerminalError` when the process is out of file descriptors.
    init() throws(TerminalError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw TerminalError("cannot create the console's wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Called by the UI thread just before it waits.
    func fallAsleep() {
        asleep.store(true, ordering: .sequentiallyConsistent)
    }

    /// Called by the UI thread when its wait ended: marks it awake and empties the pipe.
    func awaken() {
        asleep.store(false, ordering: .sequentiallyConsistent)
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
    }

    /// Ends the UI thread's wait if it is waiting (from any thread).
    func wake() {
        guard asleep.exchange(false, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }
}
