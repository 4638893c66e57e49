import ConsoleUI
import Foundation
import RealtimeCore
import Synchronization

/// Reads a session's updates as a front end would, keeps what the benchmarks ask about, and lets them
/// wait for a state (a reply finished, a barge-in happened).
///
/// With a console model it also applies every update to that model, as the full-screen console does, so
/// the console's own state (transcript, event log, meters) is part of what is measured.
final class SessionWatcher: Sendable {
    /// What has been seen so far.
    struct Seen: Sendable {
        /// A reply is in progress.
        var responding = false
        /// Finished responses' metrics, in order.
        var turns: [TurnMetrics] = []
        var bargeIns = 0
        /// Warnings and errors the session reported.
        var problems: [String] = []
        /// Every update, when asked to keep them.
        var updates: [SessionUpdate] = []
        /// The console's model, when one is kept up to date.
        var model: ConsoleModel?
    }

    private let seen: Mutex<Seen>
    private let keepUpdates: Bool

    /// Creates a watcher; call ``watch(_:)`` to start reading.
    ///
    /// - Parameters:
    ///   - keepUpdates: keep every update (for replaying them into a model later).
    ///   - model: a console model to apply every update to, as the console does.
    init(keepUpdates: Bool = false, model: ConsoleModel? = nil) {
        self.keepUpdates = keepUpdates
        seen = Mutex(Seen(model: model))
    }

    /// Reads the session's updates until the stream ends (the session is finished).
    func watch(_ session: RealtimeSession) -> Task<Void, Never> {
        Task { [self] in
            for await update in session.updates { record(update) }
        }
    }

    private func record(_ update: SessionUpdate) {
        seen.withLock { s in
            switch update {
            case .assistantResponding(let responding):
                s.responding = responding
            case .turn(let metrics):
                s.turns.append(metrics)
            case .bargeIn:
                s.bargeIns += 1
            case .notice(let notice) where notice.level != .info:
                s.problems.append(notice.text)
            default:
                break
            }
            if keepUpdates { s.updates.append(update) }
            if s.model != nil { _ = s.model?.handle(.session(update)) }
        }
    }

    /// Reads the current state.
    func read<T: Sendable>(_ body: (Seen) -> T) -> T {
        seen.withLock { body($0) }
    }

    /// Waits until `condition` holds, checking every millisecond.
    ///
    /// - Throws: ``BenchError`` naming `what` when it does not hold within `timeout`.
    func wait(_ what: String, timeout: Duration = .seconds(60), until condition: (Seen) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !seen.withLock({ condition($0) }) {
            guard ContinuousClock.now < deadline else { throw BenchError("timed out after \(timeout) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
