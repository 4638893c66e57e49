import Foundation
import Synchronization

@testable import RealtimeCore

/// Collects a session's updates in the background so tests can wait for conditions.
final class UpdateCollector: Sendable {
    final class Box: Sendable {
        let updates = Mutex<[SessionUpdate]>([])
    }

    private let box = Box()
    private let task: Task<Void, Never>

    init(_ session: RealtimeSession) {
        let box = box
        let stream = session.updates
        task = Task {
            for await update in stream { box.updates.withLock { $0.append(update) } }
        }
    }

    var all: [SessionUpdate] { box.updates.withLock { $0 } }

    var events: [EventRecord] {
        all.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    var notices: [Notice] {
        all.compactMap { if case .notice(let n) = $0 { return n } else { return nil } }
    }

    var closedReason: String? {
        for update in all.reversed() { if case .connection(.closed(let reason)) = update { return reason } }
        return nil
    }

    /// Waits until `condition` holds for the collected updates, or fails after `timeout`.
    func wait(timeout: Duration = .seconds(20), _ what: String, _ condition: ([SessionUpdate]) -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !condition(all) {
            if clock.now > deadline { throw CollectorTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct CollectorTimeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }
}
