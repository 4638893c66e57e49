import Foundation
import Synchronization

/// Writes a session's record to its autosave file on a ``FileWorker``, atomically, keeping only the newest
/// record when writes fall behind: a slow disk never delays the call and never queues stale copies.
public final class AutosaveWriter: Sendable {
    /// What became of the last write.
    public enum Outcome: Sendable, Equatable {
        /// The record is in this file.
        case saved(URL)
        /// It could not be written; the file, if any, holds an older record.
        case failed(ExportError)
    }

    /// The file the record goes to.
    public let url: URL
    private let worker: FileWorker
    private let waiting = Mutex<SessionRecord?>(nil)
    private let report: @Sendable (Outcome) -> Void

    /// Creates a writer.
    ///
    /// - Parameters:
    ///   - url: the autosave file.
    ///   - worker: the thread that writes.
    ///   - report: called on the worker's thread after each write.
    public init(url: URL, worker: FileWorker, report: @escaping @Sendable (Outcome) -> Void) {
        self.url = url
        self.worker = worker
        self.report = report
    }

    /// Saves `record` soon; a newer record saved before this one was written replaces it.
    public func save(_ record: SessionRecord) {
        let firstWaiting = waiting.withLock { slot in
            defer { slot = record }
            return slot == nil
        }
        guard firstWaiting else { return }
        worker.submit { [self] in writeWaiting() }
    }

    /// Saves `record` and returns once it, and everything saved before it, is on disk.
    @discardableResult
    public func saveNow(_ record: SessionRecord) async -> Outcome {
        waiting.withLock { $0 = nil }
        return await worker.perform { [self] in write(record) }
    }

    private func writeWaiting() {
        guard
            let record = waiting.withLock({ slot in
                defer { slot = nil }
                return slot
            })
        else { return }
        _ = write(record)
    }

    private func write(_ record: SessionRecord) -> Outcome {
        let outcome: Outcome
        do {
            try TranscriptExporter.write(record, as: .json, to: url)
            outcome = .saved(url)
        } catch {
            outcome = .failed(error)
        }
        report(outcome)
        return outcome
    }
}
