import Synchronization

/// Wakes one waiting task early: a task that polls slowly while nothing happens sleeps on it, and whoever
/// sees activity rings it.
///
/// A ring while nobody waits is kept for the next ``wait(upTo:)``, so a ring is never lost.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Wakes the waiting task, or the next one to wait.
    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when the bell rings (at once if it rang since the last wait), after `limit`, or when the task
    /// is cancelled. One task waits at a time.
    ///
    /// - Returns: true when the bell rang.
    @discardableResult
    func wait(upTo limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            group.addTask {
                await self.waitForRing()
                return !Task.isCancelled
            }
            let rang = await group.next() ?? false
            group.cancelAll()
            return rang
        }
    }

    private func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    guard !state.rung, !Task.isCancelled else {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
