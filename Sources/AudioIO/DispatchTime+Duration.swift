import Dispatch

extension DispatchTime {
    /// The dispatch time `duration` from now (a negative duration counts as zero), for semaphore waits.
    static func after(_ duration: Duration) -> DispatchTime {
        let nanoseconds = max(0, duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        return .now() + .nanoseconds(Int(nanoseconds))
    }
}
