import Foundation
import Synchronization

/// Writes files so that a crash never leaves a half-written one: temp file beside it, then rename.
///
/// Each write has a temp file of its own (`.NAME.PID.N.tmp`), so two writes of the same file at once (an
/// autosave and the final save, say) never share one; a failed write removes its temp file, and
/// ``removeLeftovers(in:)`` clears those of processes that died between writing and renaming.
public enum AtomicFile {
    private static let writes = Atomic<Int>(0)

    /// Writes data atomically, creating the parent folder if needed.
    ///
    /// - Throws: `ExportError` naming the path and the reason.
    ///
    /// A symbolic link is written through: its target gets the new content and the link stays. Anything but
    /// a regular file or a link to one (a FIFO, a device, a folder) is refused, since replacing it would
    /// destroy it or hang on it.
    public static func write(_ data: Data, to url: URL) throws(ExportError) {
        try write(to: url) { (output: inout BufferedFileOutput) throws(ExportError) in try output.write(data) }
    }

    /// Writes a file atomically from what `produce` writes to it, through a small buffer (see
    /// ``BufferedFileOutput``), so a large document is never held whole in memory. Links, folders and
    /// special files are handled as when writing data.
    ///
    /// - Throws: `ExportError` naming the path and the reason; the file, if it existed, is left as it was.
    public static func write(to url: URL, _ produce: (inout BufferedFileOutput) throws(ExportError) -> Void) throws(ExportError) {
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
        } catch {
            let blocker = fileInTheWay(of: folder)
            throw ExportError(path: url.path, reason: blocker.map { "\($0.path) is a file, not a folder" } ?? FileErrorReason.of(error))
        }
        let number = writes.wrappingAdd(1, ordering: .relaxed).newValue
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(number).tmp")
        let descriptor = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ExportError(path: url.path, reason: FileErrorReason.of(errno: errno)) }
        do {
            var output = BufferedFileOutput(descriptor: descriptor, path: url.path)
            try produce(&output)
            try output.flush()
        } catch {
            close(descriptor)
            unlink(temp.path)
            throw error
        }
        if close(descriptor) != 0 || rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp.path)
            throw ExportError(path: url.path, reason: reason)
        }
    }

    /// The nearest existing ancestor of `folder` (or `folder` itself) when it is not a folder.
    private static func fileInTheWay(of folder: URL) -> URL? {
        var candidate = folder
        while candidate.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder) { return isFolder.boolValue ? nil : candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        return nil
    }

    /// Removes the temp files that processes which no longer run left in `folder` (killed between writing
    /// and renaming); those of running processes are left alone.
    ///
    /// - Returns: how many were removed.
    @discardableResult
    public static func removeLeftovers(in folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            // Names end in PID.N.tmp (older ones in PID.tmp).
            let numbers = name.dropLast(4).split(separator: ".").suffix(2).compactMap { Int32($0) }
            guard let pid = numbers.count == 2 ? numbers.first : numbers.last, pid > 1, kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }

    /// Writes text (UTF-8) atomically.
    public static func write(_ text: String, to url: URL) throws(ExportError) {
        try write(to: url) { (output: inout BufferedFileOutput) throws(ExportError) in try output.write(text) }
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
