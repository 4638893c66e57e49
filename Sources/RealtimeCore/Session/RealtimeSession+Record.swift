import Foundation

extension RealtimeSession {
    /// The call so far as a record: configuration, conversation, changes, turns, usage and cost.
    public func record() -> SessionRecord {
        var record = SessionRecord(startedAt: startedAt, endpoint: options.endpoint.displayName, dialect: dialect, config: configuration.desired)
        record.entries = tracker.conversation.entries
        record.turns = turns.completedTurns
        record.usage = turns.totalUsage
        record.cost = turns.totalCost
        record.api = api
        if api == .live {
            record.liveSeconds = liveSeconds
            record.cost = liveCost
            record.usage = liveBackendUsage
        }
        record.configChanges = configChanges
        record.endedAt = endedAt
        if record.endedAt == nil, case .closed = lifecycle.state { record.endedAt = Date() }
        return record
    }

    /// Queues the record for the autosave file; it is written (atomically) on a thread of its own, and a
    /// failure is reported as a notice, never fatal.
    func autosave() {
        guard hasSomethingToKeep else { return }
        autosaver?.save(record())
    }

    /// False for a call in which nothing was said: it leaves no session file behind.
    var hasSomethingToKeep: Bool {
        !tracker.conversation.entries.isEmpty || !turns.completedTurns.isEmpty
    }

    /// Writes the record to the autosave file now and returns once it is on disk.
    ///
    /// - Returns: what became of the write; nil when the session has no autosave file or nothing was said.
    @discardableResult
    public func saveRecord() async -> AutosaveWriter.Outcome? {
        guard let autosaver, hasSomethingToKeep else { return nil }
        return await autosaver.saveNow(record())
    }
}
