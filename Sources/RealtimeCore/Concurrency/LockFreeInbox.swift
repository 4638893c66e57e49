import Synchronization

/// A queue that any thread posts to and a consumer empties all at once, with no lock: a post never waits
/// for another thread.
///
/// Handing work over under a lock makes the poster wait whenever the lock's holder is preempted while it
/// holds it, for as long as that thread then waits for a CPU: milliseconds on a busy machine with two
/// cores. The event loop posts the session's updates to the UI thread this way so that it never waits for
/// the UI thread (figure 7 found the loop asleep for up to 4 ms in such lock waits).
///
/// Posts go onto a linked stack with one compare-and-exchange; ``takeAll()`` swaps the whole stack out and
/// returns it in the order of the posts.
///
/// Why unchecked sendability is safe here: the one value threads share is `top`, an atomic. A node's fields
/// are written by the posting thread before the releasing exchange that publishes it, and read after the
/// acquiring exchange in ``takeAll()`` that removes the whole stack, by the one thread that removed it; no
/// thread writes a node once it is published. A compare-and-exchange that succeeds against a top that was
/// taken and replaced meanwhile (ABA) is harmless: the new node links to whatever is on top.
public final class LockFreeInbox<Element: Sendable>: @unchecked Sendable {
    private final class Node {
        let element: Element
        var below: Unmanaged<Node>?

        init(_ element: Element) {
            self.element = element
        }
    }

    private let top = Atomic<Unmanaged<Node>?>(nil)

    /// Creates an empty inbox.
    public init() {}

    deinit {
        _ = takeAll()
    }

    /// Adds an element (from any thread).
    public func post(_ element: Element) {
        let node = Unmanaged.passRetained(Node(element))
        var expected = top.load(ordering: .relaxed)
        while true {
            node.takeUnretainedValue().below = expected
            // Sequentially consistent, as is `isEmpty`: a consumer that announces it is going to sleep and
            // then finds the inbox empty is sure to be woken by a poster that checks the announcement after.
            let (exchanged, found) = top.compareExchange(
                expected: expected, desired: node, successOrdering: .sequentiallyConsistent, failureOrdering: .relaxed)
            if exchanged { return }
            expected = found
        }
    }

    /// Removes and returns everything posted so far, oldest first.
    public func takeAll() -> [Element] {
        var next = top.exchange(nil, ordering: .acquiring)
        var elements: [Element] = []
        while let node = next {
            let value = node.takeRetainedValue()
            elements.append(value.element)
            next = value.below
        }
        elements.reverse()
        return elements
    }

    /// True when nothing is waiting to be taken.
    public var isEmpty: Bool {
        top.load(ordering: .sequentiallyConsistent) == nil
    }
}
