import Dispatch
import Synchronization

/// A value delivered once from one thread (a PulseAudio callback, a stream thread) to another that waits
/// for it with a timeout: a thread of ours blocks in ``wait(timeout:)``, a task suspends in
/// ``value(timeout:)`` without holding up its thread. The first ``complete(_:)`` wins; later ones are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        /// Tasks suspended in ``value(timeout:)``.
        var waiters: [CheckedContinuation<Value?, Never>] = []
    }

    private let state = Mutex(State())
    private let delivered = DispatchSemaphore(value: 0)

    /// Delivers `newValue` unless a value was delivered before.
    ///
    /// - Returns: true if this call delivered the value.
    @discardableResult
    func complete(_ newValue: Value) -> Bool {
        let waiters = state.withLock { current -> [CheckedContinuation<Value?, Never>]? in
            guard current.value == nil else { return nil }
            current.value = newValue
            defer { current.waiters = [] }
            return current.waiters
        }
        guard let waiters else { return false }
        delivered.signal()
        for waiter in waiters { waiter.resume(returning: newValue) }
        return true
    }

    /// The delivered value, if any, without waiting.
    var current: Value? { state.withLock { $0.value } }

    /// Blocks the calling thread until a value is delivered or `timeout` passes. Only for threads of ours.
    ///
    /// - Returns: the value, or nil on timeout.
    func wait(timeout: Duration) -> Value? {
        _ = delivered.wait(timeout: .after(timeout))
        return current
    }

    /// Suspends until a value is delivered or `timeout` passes, without blocking a thread.
    ///
    /// - Returns: the value, or nil on timeout.
    func value(timeout: Duration) async -> Value? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { current -> Value?? in
                if let value = current.value { return .some(value) }
                current.waiters.append(continuation)
                return .none
            }
            if let ready {
                continuation.resume(returning: ready)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: timeout)
                expireWaiters()
            }
        }
    }

    /// Resumes every suspended task with nil (the timeout passed).
    private func expireWaiters() {
        let waiters = state.withLock { current in
            defer { current.waiters = [] }
            return current.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
