import Foundation
import Synchronization

/// Appends wire events to a JSON-lines file in the envelope form the conformance checker reads
/// (`{"dir":"client"|"server","event":{…}}`), redacted of secrets.
/// It writes at least every 200 ms, so a killed process loses at most that much.
public final class EventLogWriter: Sendable {
    private struct State {
        var handle: FileHandle?
        var buffer = Data()
        var lastFlush = ContinuousClock.now
    }

    private let state: Mutex<State>
    /// The file written.
    public let url: URL

    /// Creates (truncates) the file.
    ///
    /// - Throws: `ExportError` when it cannot be created.
    public init(url: URL) throws(ExportError) {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
            throw ExportError(path: url.path, reason: "the file cannot be created (check the folder exists and is writable)")
        }
        state = Mutex(State(handle: handle))
    }

    /// Appends one event's wire text.
    public func append(_ direction: EventRecord.Direction, _ text: String) {
        let line = "{\"dir\":\"\(direction.rawValue)\",\"event\":\(SecretRedactor.shared.redact(text))}\n"
        state.withLock { s in
            s.buffer.append(contentsOf: line.utf8)
            if s.buffer.count > 1 << 16 || ContinuousClock.now - s.lastFlush > .milliseconds(200) { flushLocked(&s) }
        }
    }

    /// Writes what is buffered.
    public func flush() {
        state.withLock { flushLocked(&$0) }
    }

    /// Flushes and closes the file.
    public func close() {
        state.withLock { s in
            flushLocked(&s)
            try? s.handle?.close()
            s.handle = nil
        }
    }

    private func flushLocked(_ s: inout State) {
        s.lastFlush = .now
        guard !s.buffer.isEmpty else { return }
        try? s.handle?.write(contentsOf: s.buffer)
        s.buffer.removeAll(keepingCapacity: true)
    }
}
