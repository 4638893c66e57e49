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

    /// Updates read on the session's executor, waiting for a reader to take them into ``seen``.
    private let arrived = LockFreeInbox<SessionUpdate>()

    /// Reads the session's updates until the stream ends (the session is finished).
    ///
    /// With an executor, the updates are read on it and handed over as the console hands them to its UI
    /// thread: through a ``LockFreeInbox`` that the watcher's readers empty, so that reading them never makes
    /// the session's loop wait for a lock held by another thread (figure 7 measures that loop's stalls).
    /// Without one, they are read on the global pool and taken in at once.
    func watch(_ session: RealtimeSession, on executor: EventLoopExecutor? = nil) -> Task<Void, Never> {
        guard let executor else {
            return Task { [self] in
                for await update in session.updates { seen.withLock { take(update, into: &$0) } }
            }
        }
        return Task(executorPreference: executor) { [self] in
            for await update in session.updates { arrived.post(update) }
        }
    }

    private func take(_ update: SessionUpdate, into s: inout Seen) {
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

    /// Reads the current state.
    func read<T: Sendable>(_ body: (Seen) -> T) -> T {
        seen.withLock { s in
            for update in arrived.takeAll() { take(update, into: &s) }
            return body(s)
        }
    }

    /// Waits until `condition` holds, checking every millisecond.
    ///
    /// - Throws: ``BenchError`` naming `what` when it does not hold within `timeout`.
    func wait(_ what: String, timeout: Duration = .seconds(60), until condition: (Seen) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !read({ condition($0) }) {
            guard ContinuousClock.now < deadline else { throw BenchError("timed out after \(timeout) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
