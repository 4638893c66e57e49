import Dispatch
import Synchronization

/// A value delivered once from one thread (a PulseAudio callback, a stream thread) to another that waits
/// for it with a timeout. The first ``complete(_:)`` wins; later ones are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let delivered = DispatchSemaphore(value: 0)

    /// Delivers `newValue` unless a value was delivered before.
    ///
    /// - Returns: true if this call delivered the value.
    @discardableResult
    func complete(_ newValue: Value) -> Bool {
        let first = value.withLock { current in
            guard current == nil else { return false }
            current = newValue
            return true
        }
        if first { delivered.signal() }
        return first
    }

    /// The delivered value, if any, without waiting.
    var current: Value? { value.withLock { $0 } }

    /// Waits until a value is delivered or `timeout` passes.
    ///
    /// - Returns: the value, or nil on timeout.
    func wait(timeout: Duration) -> Value? {
        _ = delivered.wait(timeout: .after(timeout))
        return current
    }
}
