import Testing
@testable import RealtimeCore

@Suite struct BargeInTests {
    @Test func heardPrefixCutsAtWordBoundaries() {
        let text = "The quick brown fox jumps over the lazy dog"
        #expect(Conversation.heardPrefix(of: text, heardMs: 0, totalMs: 1000) == "")
        #expect(Conversation.heardPrefix(of: text, heardMs: 1000, totalMs: 1000) == text)
        #expect(Conversation.heardPrefix(of: text, heardMs: 500, totalMs: 1000) == "The quick brown fox")
        #expect(Conversation.heardPrefix(of: text, heardMs: 50, totalMs: 1000) == "")
        #expect(Conversation.heardPrefix(of: text, heardMs: 120, totalMs: 1000) == "The")
    }

    @Test func instantPlaybackHearsEverything() async {
        let player = VirtualPlayback(realTime: false)
        let item = PlaybackItem(itemID: "item_1")
        player.enqueue([Int16](repeating: 1, count: 24_000), for: item)
        #expect(player.progress(of: item)?.heardMilliseconds == 1000)
        #expect(await player.interrupt().isEmpty)
        #expect(player.heardAudio().count == 24_000)
    }

    @Test func realTimePlaybackTruncatesAtWhatWasHeard() async throws {
        let player = VirtualPlayback(realTime: true)
        let first = PlaybackItem(itemID: "item_1")
        let second = PlaybackItem(itemID: "item_2")
        player.enqueue([Int16](repeating: 1, count: 24_000 * 60), for: first)
        player.enqueue([Int16](repeating: 2, count: 24_000), for: second)
        let clock = ContinuousClock()
        let started = clock.now
        try await Task.sleep(for: .milliseconds(300))
        let cuts = await player.interrupt()
        let elapsed = clock.now - started
        let elapsedMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        #expect(cuts.map(\.item) == [first, second])
        let firstCut = try #require(cuts.first)
        #expect(firstCut.receivedMilliseconds == 60_000)
        #expect(firstCut.heardMilliseconds >= 290 && firstCut.heardMilliseconds <= elapsedMs + 5)
        #expect(cuts.last?.heardMilliseconds == 0)
        #expect(player.isPlaying == false)
        #expect(player.heardAudio().count == firstCut.heardMilliseconds * 24 || abs(player.heardAudio().count - firstCut.heardMilliseconds * 24) < 24)
    }

    @Test func finishedItemsAreNotCut() async throws {
        let player = VirtualPlayback(realTime: true)
        let item = PlaybackItem(itemID: "short")
        player.enqueue([Int16](repeating: 1, count: 480), for: item)
        try await Task.sleep(for: .milliseconds(80))
        #expect(player.progress(of: item)?.isFinished == true)
        #expect(await player.interrupt().isEmpty)
    }
}
