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
}
