import Foundation
import RealtimeCore

/// The line that tells the person, after a call, whether and where its session was saved.
enum SaveReport {
    /// The line for an autosave outcome, or nil when the call had no autosave file.
    ///
    /// - Parameter otherRecords: where else the call's record is kept, named when the save failed.
    static func line(_ outcome: AutosaveWriter.Outcome?, otherRecords: String? = nil) -> String? {
        switch outcome {
        case .saved(let url)?:
            return "rtconsole: session saved to \(url.path)"
        case .failed(let error)?:
            return "rtconsole: the session was NOT saved: \(error.description)" + (otherRecords.map { "; \($0)" } ?? "")
        case nil:
            return nil
        }
    }
}
