import Foundation

/// Reads everything from a pipe with plain `read(2)`, retrying interrupted reads.
///
/// Foundation's `readDataToEndOfFile` traps on `EINTR`, which child processes make likely; this never does.
public enum PipeReader {
    /// Reads until end of file (on the calling thread: call it from a GCD thread, never the cooperative pool).
    public static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let fd = handle.fileDescriptor
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                return data
            }
        }
    }

    /// Writes all of `data`, ignoring a reader that went away (SIGPIPE is ignored for the process first).
    public static func writeAll(_ data: Data, to handle: FileHandle) {
        signal(SIGPIPE, SIG_IGN)
        try? handle.write(contentsOf: data)
    }
}
