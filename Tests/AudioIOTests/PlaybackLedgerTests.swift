import RealtimeCore
import Testing

@testable import AudioIO

@Suite("Jitter buffer accounting")
struct PlaybackLedgerTests {
    private let first = PlaybackItem(itemID: "item_a")
    private let second = PlaybackItem(itemID: "item_b")

    private func samples(milliseconds: Int) -> [Int16] {
        [Int16](repeating: 1000, count: PCM.samples(forMilliseconds: milliseconds))
    }

    /// Writes everything queued in 20 ms frames, as the player does when the server asks for a frame at a time.
    private func drain(_ ledger: inout PlaybackLedger) {
        while ledger.queuedSamples > 0 { _ = ledger.take(upTo: PCM.frameSamples) }
    }

    @Test("heard milliseconds follow the played position across consecutive items")
    func consecutiveItems() throws {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 1000), for: first)
        ledger.enqueue(samples(milliseconds: 500), for: second)
        drain(&ledger)
        #expect(ledger.writtenSamples == PCM.samples(forMilliseconds: 1500))
        let atStart = try #require(ledger.progress(of: first, playedPosition: 0))
        #expect(atStart.receivedMilliseconds == 1000 && atStart.heardMilliseconds == 0)
        let position = PCM.samples(forMilliseconds: 1200)
        #expect(ledger.progress(of: first, playedPosition: position)?.heardMilliseconds == 1000)
        #expect(ledger.progress(of: first, playedPosition: position)?.isFinished == true)
        #expect(ledger.progress(of: second, playedPosition: position)?.heardMilliseconds == 200)
        #expect(ledger.progress(of: PlaybackItem(itemID: "never"), playedPosition: position) == nil)
    }

    @Test("interrupt reports only items not fully heard, oldest first, and clears the queue")
    func interruptReportsCutItems() {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 300), for: first)
        ledger.enqueue(samples(milliseconds: 700), for: second)
        for _ in 0..<25 { _ = ledger.take(upTo: PCM.frameSamples) } // 500 ms written, 500 ms still queued
        let cut = ledger.interrupt(playedPosition: PCM.samples(forMilliseconds: 420))
        #expect(cut.map(\.item) == [second])
        #expect(cut.first?.heardMilliseconds == 120)
        #expect(cut.first?.receivedMilliseconds == 700)
        #expect(ledger.queuedSamples == 0)
        #expect(ledger.take(upTo: PCM.frameSamples).isEmpty)
    }

    @Test("heard is clamped to received and frozen by interrupt; late audio of a cut item is dropped")
    func frozenAfterInterrupt() {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 100), for: first)
        drain(&ledger)
        ledger.writeSilence(PCM.samples(forMilliseconds: 500))
        #expect(ledger.progress(of: first, playedPosition: ledger.writtenSamples)?.heardMilliseconds == 100)
        _ = ledger.interrupt(playedPosition: PCM.samples(forMilliseconds: 40))
        ledger.enqueue(samples(milliseconds: 200), for: first)
        #expect(ledger.queuedSamples == 0)
        let frozen = ledger.progress(of: first, playedPosition: Int.max)
        #expect(frozen?.heardMilliseconds == 40)
        #expect(frozen?.receivedMilliseconds == 100)
    }

    @Test("a gap inside an item counts as an underrun; silence between items does not")
    func underruns() {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 40), for: first)
        drain(&ledger)
        ledger.writeSilence(PCM.frameSamples)
        ledger.enqueue(samples(milliseconds: 40), for: second)
        drain(&ledger)
        #expect(ledger.underruns == 0)
        ledger.writeSilence(PCM.frameSamples)
        ledger.enqueue(samples(milliseconds: 40), for: second)
        drain(&ledger)
        #expect(ledger.underruns == 1)
        // The gap splits the item's timeline; the silence in it is not counted as heard audio.
        let progress = ledger.progress(of: second, playedPosition: ledger.writtenSamples - PCM.samples(forMilliseconds: 10))
        #expect(progress?.heardMilliseconds == 70)
    }

    @Test("after a flush the write head moves back and the next item's timeline starts there")
    func discardAfterFlush() {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 1000), for: first)
        for _ in 0..<10 { _ = ledger.take(upTo: PCM.frameSamples) } // 200 ms written
        let heardThrough = PCM.samples(forMilliseconds: 150)
        _ = ledger.interrupt(playedPosition: heardThrough)
        ledger.discardWritten(after: heardThrough)
        ledger.enqueue(samples(milliseconds: 100), for: second)
        drain(&ledger)
        #expect(ledger.writtenSamples == PCM.samples(forMilliseconds: 250))
        #expect(ledger.progress(of: second, playedPosition: PCM.samples(forMilliseconds: 200))?.heardMilliseconds == 50)
        #expect(ledger.progress(of: first, playedPosition: PCM.samples(forMilliseconds: 250))?.heardMilliseconds == 150)
    }

    @Test("audio lost with the device never counts as heard, and the item stays open")
    func discardAfterLoss() {
        var ledger = PlaybackLedger()
        ledger.enqueue(samples(milliseconds: 1000), for: first)
        for _ in 0..<20 { _ = ledger.take(upTo: PCM.frameSamples) } // 400 ms written
        let lostAfter = PCM.samples(forMilliseconds: 320)
        ledger.discardQueue()
        ledger.discardWritten(after: lostAfter)
        ledger.writeSilence(PCM.samples(forMilliseconds: 500))
        #expect(ledger.progress(of: first, playedPosition: ledger.writtenSamples)?.heardMilliseconds == 320)
        let cut = ledger.interrupt(playedPosition: ledger.writtenSamples)
        #expect(cut.first?.heardMilliseconds == 320 && cut.first?.receivedMilliseconds == 1000)
    }

    @Test("the first audible instant is back-dated to the item's first sample")
    func firstAudible() throws {
        var ledger = PlaybackLedger()
        ledger.writeSilence(PCM.samples(forMilliseconds: 100))
        ledger.enqueue(samples(milliseconds: 100), for: first)
        drain(&ledger)
        let now = ContinuousClock.now
        ledger.observe(playedPosition: PCM.samples(forMilliseconds: 90), at: now)
        #expect(ledger.progress(of: first, playedPosition: 0)?.firstAudibleAt == nil)
        ledger.observe(playedPosition: PCM.samples(forMilliseconds: 130), at: now)
        let audibleAt = try #require(ledger.progress(of: first, playedPosition: 0)?.firstAudibleAt)
        #expect(audibleAt == now - .milliseconds(30))
    }
}
