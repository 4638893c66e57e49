import Foundation

/// An open file written through a 32 KiB buffer: text reaches the disk in pieces of that size, so writing
/// a large document needs no copy of it in memory.
///
/// Created and closed by ``AtomicFile/write(to:_:)``, which owns the descriptor.
public struct BufferedFileOutput: TextSink {
    /// How many bytes are gathered before they are written.
    static let capacity = 32 * 1024

    private let descriptor: Int32
    /// The file the caller asked for (named in errors instead of the temp file).
    private let path: String
    private var buffer: [UInt8] = []

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(Self.capacity)
    }

    /// Appends text (UTF-8).
    public mutating func write(_ text: String) throws(ExportError) {
        var text = text
        var failure: ExportError?
        text.withUTF8 { bytes in
            do throws(ExportError) { try write(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends bytes.
    public mutating func write(_ data: Data) throws(ExportError) {
        var failure: ExportError?
        data.withUnsafeBytes { bytes in
            do throws(ExportError) { try write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends bytes; a run larger than the buffer goes straight to the file.
    private mutating func write(_ bytes: UnsafeRawBufferPointer) throws(ExportError) {
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try fail(writeAll(bytes, to: descriptor))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes out what the buffer holds.
    mutating func flush() throws(ExportError) {
        let failure = buffer.withUnsafeBytes { writeAll($0, to: descriptor) }
        buffer.removeAll(keepingCapacity: true)
        try fail(failure)
    }

    /// Throws for a write that failed with `code` (an `errno`; 0 for success).
    private func fail(_ code: Int32) throws(ExportError) {
        guard code != 0 else { return }
        throw ExportError(path: path, reason: FileErrorReason.of(errno: code))
    }
}

/// Writes every byte, retrying interrupted and partial writes.
///
/// - Returns: 0, or the `errno` of the write that failed.
private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}
