import Foundation

/// A pipe that one thread polls and any thread writes to, to end that thread's wait without a lock: both
/// ends non-blocking and closed on exec, closed when the pipe goes.
public final class WakeUpPipe: Sendable {
    /// The end the waiting thread polls.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Opens the pipe.
    ///
    /// - Throws: the system's explanation when the process is out of file descriptors.
    public init() throws(WakeUpPipe.CreationError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw CreationError(reason: String(cString: strerror(errno))) }
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

    /// Makes the read end readable (from any thread); a full pipe is already readable, so nothing is lost.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe (on the waiting thread, once its wait ended).
    public func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(readDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Why a pipe could not be opened.
    public struct CreationError: Error, Sendable {
        /// The system's explanation.
        public let reason: String
    }
}
