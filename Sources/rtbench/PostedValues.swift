import RealtimeCore
import Synchronization

/// Values posted from the event loop under measurement and read by the benchmark: a post takes no lock (a
/// ``LockFreeInbox``), so the loop never waits for a reader; a read takes in what was posted since the last
/// one, under a lock of the readers' own, and returns everything so far in the order it was posted.
final class PostedValues<Element: Sendable>: Sendable {
    private let posted = LockFreeInbox<Element>()
    private let taken = Mutex<[Element]>([])

    /// Adds a value (from any thread, without a lock).
    func post(_ value: Element) {
        posted.post(value)
    }

    /// Every value posted so far, oldest first.
    var all: [Element] {
        taken.withLock { values in
            values += posted.takeAll()
            return values
        }
    }
}
