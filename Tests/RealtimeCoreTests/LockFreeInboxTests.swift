import Foundation
import Synchronization
import Testing

@testable import RealtimeCore

@Suite struct LockFreeInboxTests {
    @Test func takesEverythingPostedOldestFirst() {
        let inbox = LockFreeInbox<Int>()
        #expect(inbox.isEmpty)
        #expect(inbox.takeAll().isEmpty)
        for value in 1...5 { inbox.post(value) }
        #expect(!inbox.isEmpty)
        #expect(inbox.takeAll() == [1, 2, 3, 4, 5])
        #expect(inbox.isEmpty)
        inbox.post(6)
        #expect(inbox.takeAll() == [6])
    }

    /// Four threads post while a fifth takes, all at once: nothing is lost or taken twice, and each
    /// poster's elements come out in the order it posted them.
    @Test func losesNothingAndKeepsEachPostersOrderUnderContention() {
        let inbox = LockFreeInbox<Int>()
        let posters = 4
        let perPoster = 20_000
        let shared = Shared()
        var threads: [Thread] = []
        for poster in 0..<posters {
            threads.append(
                Thread {
                    for index in 0..<perPoster { inbox.post(poster * perPoster + index) }
                    shared.postersDone.add(1, ordering: .releasing)
                })
        }
        let finished = DispatchSemaphore(value: 0)
        let taker = Thread {
            var all: [Int] = []
            while shared.postersDone.load(ordering: .acquiring) < posters || !inbox.isEmpty { all += inbox.takeAll() }
            shared.taken.withLock { $0 = all }
            finished.signal()
        }
        taker.start()
        for thread in threads { thread.start() }
        #expect(finished.wait(timeout: .now() + 60) == .success)
        let all = shared.taken.withLock { $0 }
        #expect(all.count == posters * perPoster)
        #expect(Set(all).count == posters * perPoster)
        for poster in 0..<posters {
            let own = all.filter { $0 / perPoster == poster }
            #expect(own == Array(poster * perPoster..<(poster + 1) * perPoster))
        }
    }

    @Test func releasesWhatWasNeverTaken() {
        weak var weakBox: Box?
        do {
            let inbox = LockFreeInbox<Box>()
            let box = Box()
            weakBox = box
            inbox.post(box)
            inbox.post(Box())
        }
        #expect(weakBox == nil)
    }

    private final class Box: Sendable {}

    private final class Shared: Sendable {
        let taken = Mutex<[Int]>([])
        let postersDone = Atomic<Int>(0)
    }
}
