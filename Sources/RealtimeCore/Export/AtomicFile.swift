import Foundation

/// Writes files so that a crash never leaves a half-written one: temp file beside it, then rename.
public enum AtomicFile {
    /// Writes data atomically, creating the parent folder if needed.
    ///
    /// - Throws: `ExportError` naming the path and the reason.
    ///
    /// A symbolic link is written through: its target gets the new content and the link stays. Anything but
    /// a regular file or a link to one (a FIFO, a device, a folder) is refused, since replacing it would
    /// destroy it or hang on it.
    public static func write(_ data: Data, to url: URL) throws(ExportError) {
        let url = url.resolvingSymlinksInPath()
        var status = stat()
        if lstat(url.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let kind =
                switch status.st_mode & S_IFMT {
                case S_IFIFO: "a FIFO"
                case S_IFDIR: "a folder"
                case S_IFCHR, S_IFBLK: "a device"
                case S_IFSOCK: "a socket"
                default: "not a regular file"
                }
            throw ExportError(path: url.path, reason: "it is \(kind), not a regular file")
        }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try data.write(to: temp)
            if rename(temp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw ExportError(path: url.path, reason: reason)
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(path: url.path, reason: FileErrorReason.of(error))
        }
    }

    /// Writes text (UTF-8) atomically.
    public static func write(_ text: String, to url: URL) throws(ExportError) {
        try write(Data(text.utf8), to: url)
    }
}

/// A file that could not be written: which one and why, in one line.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    /// Creates an export error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason); the record is kept, choose another path" }
}
