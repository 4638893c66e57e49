/// The microphone appends sent since they were last reported to the front end.
///
/// Fifty appends a second, each its own update, would keep an idle console busy; they are reported as one
/// ``EventRecord`` per run instead, at most ``reportInterval`` after the run began, and before any other
/// event so that the order of the inspector stays true.
struct AppendRun: Sendable {
    /// The longest a run is held back before it is reported.
    static let reportInterval: Duration = .seconds(1)

    /// What one report holds.
    struct Report: Sendable, Equatable {
        /// Appends in the run.
        var count: Int
        /// Bytes of audio they carried.
        var audioBytes: Int
        /// The `event_id` of the last of them.
        var lastEventID: String
    }

    private var pending: Report?
    private var startedAt = ContinuousClock.now

    /// Counts one append.
    mutating func add(eventID: String, audioBytes: Int) {
        guard var run = pending else {
            pending = Report(count: 1, audioBytes: audioBytes, lastEventID: eventID)
            startedAt = .now
            return
        }
        run.count += 1
        run.audioBytes += audioBytes
        run.lastEventID = eventID
        pending = run
    }

    /// True when the run has been held for ``reportInterval``.
    var isDue: Bool { pending != nil && ContinuousClock.now - startedAt >= Self.reportInterval }

    /// Ends the run.
    ///
    /// - Returns: the run, or nil when no append was sent since the last report.
    mutating func take() -> Report? {
        defer { pending = nil }
        return pending
    }
}
