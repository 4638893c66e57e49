import Foundation
import RealtimeCore
import Synchronization

/// Appends wire events to a JSON-lines file in the envelope form the conformance checker reads
/// (`{"dir":"client"|"server","event":{…}}`), redacted of secrets.
///
/// Lines are gathered in memory and handed to a ``FileWorker`` at least every 200 ms (so a killed process
/// loses at most that much): the wire tap that calls ``append(_:_:)`` runs on the socket's event loop,
/// where no write may run.
public final class EventLogWriter: Sendable {
    private struct Pending {
        var buffer = Data()
        var lastFlush = ContinuousClock.now
    }

    private let pending = Mutex(Pending())
    private let handle: FileHandle
    private let worker = FileWorker(name: "events.file")
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
        self.handle = handle
    }

    /// Appends one event's wire text.
    public func append(_ direction: EventRecord.Direction, _ text: String) {
        let line = "{\"dir\":\"\(direction.rawValue)\",\"event\":\(SecretRedactor.shared.redact(text))}\n"
        let due = pending.withLock { state -> Data? in
            state.buffer.append(contentsOf: line.utf8)
            guard state.buffer.count > 1 << 16 || ContinuousClock.now - state.lastFlush > .milliseconds(200) else { return nil }
            return take(&state)
        }
        if let due { worker.submit { [handle] in try? handle.write(contentsOf: due) } }
    }

    /// Writes what is buffered and returns once it is in the file.
    public func flush() async {
        let data = pending.withLock { take(&$0) }
        await worker.perform { [handle] in
            if !data.isEmpty { try? handle.write(contentsOf: data) }
        }
    }

    /// Writes what is buffered and closes the file.
    public func close() async {
        await flush()
        await worker.perform { [handle] in try? handle.close() }
    }

    private func take(_ state: inout Pending) -> Data {
        state.lastFlush = .now
        defer { state.buffer = Data() }
        return state.buffer
    }
}
