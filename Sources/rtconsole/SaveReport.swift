import Foundation
import RealtimeCore

/// The line that tells the person, after a call, whether and where its session was saved; when the
/// autosave failed, the record is written to a fallback file in the temporary folder so that nothing is
/// lost, and the line says where.
enum SaveReport {
    /// The line for an autosave outcome, or nil when the call had no autosave file.
    ///
    /// - Parameters:
    ///   - outcome: what became of the autosave.
    ///   - record: the call's record, written to the fallback file when the autosave failed.
    ///   - otherRecords: where else the call's record is kept, named when the save failed.
    ///   - fallbackFolder: where the fallback file goes.
    static func line(
        _ outcome: AutosaveWriter.Outcome?, record: SessionRecord, otherRecords: String? = nil,
        fallbackFolder: URL = FileManager.default.temporaryDirectory
    ) -> String? {
        switch outcome {
        case .saved(let url)?:
            return "rtconsole: session saved to \(url.path)"
        case .failed(let error)?:
            var line = "rtconsole: the session was NOT saved to \(error.path): \(error.reason)"
            let fallback = fallbackFolder.appendingPathComponent(
                "rtconsole-session-\(InteractiveCall.fileStamp(Date()))-\(ProcessInfo.processInfo.processIdentifier).json")
            do {
                try TranscriptExporter.write(record, as: .json, to: fallback)
                line += "; it is kept in \(fallback.path) instead"
            } catch {
                line += "; it could not be kept in \(fallbackFolder.path) either (\(error.reason))"
            }
            return line + (otherRecords.map { "; \($0)" } ?? "")
        case nil:
            return nil
        }
    }
}
