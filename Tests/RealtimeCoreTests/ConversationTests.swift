import Testing

@testable import RealtimeCore

@Suite struct ConversationTests {
    private static func entry(_ id: String, _ text: String = "") -> ConversationEntry {
        ConversationEntry(id: id, speaker: .user, text: text, isPartial: false)
    }

    @Test func placesItemsAfterTheItemTheServerNames() {
        var conversation = Conversation()
        conversation.upsert(Self.entry("a"), after: nil)
        conversation.upsert(Self.entry("c"), after: .value("a"))
        conversation.upsert(Self.entry("b"), after: .value("a"))
        conversation.upsert(Self.entry("first"), after: .null)
        conversation.upsert(Self.entry("last"), after: .value("unknown"))
        #expect(conversation.entries.map(\.id) == ["first", "a", "b", "c", "last"])
        #expect(conversation.index(of: "b") == 2)
        #expect(conversation["c"]?.id == "c")
    }

    @Test func anUpsertOfAKnownIdUpdatesItInPlace() {
        var conversation = Conversation()
        conversation.upsert(Self.entry("a"), after: nil)
        conversation.upsert(Self.entry("b"), after: nil)
        let stored = conversation.upsert(Self.entry("a", "said later"), after: .null)
        #expect(conversation.entries.map(\.id) == ["a", "b"])
        #expect(stored.text == "said later")
    }

    @Test func findsNothingForIdsItDoesNotHoldAnyMore() {
        var conversation = Conversation()
        conversation.appendHistory((0..<3).map { Self.entry("history_\($0)") })
        conversation.upsert(Self.entry("new"), after: nil)
        #expect(conversation.index(of: "history_1") == 1)
        #expect(conversation.index(of: "missing") == nil)
        #expect(conversation["missing"] == nil)
        #expect(conversation.modify("missing") { $0.text = "x" } == nil)

        conversation.remove("history_1")
        #expect(conversation.index(of: "history_1") == nil)
        #expect(conversation.entries.map(\.id) == ["history_0", "history_2", "new"])
        conversation.upsert(Self.entry("history_1"), after: .value("history_0"))
        #expect(conversation.index(of: "history_1") == 1)
    }

    @Test func anEntryRenamedInPlaceIsFoundByItsNewId() {
        var conversation = Conversation()
        conversation.upsert(Self.entry("local"), after: nil)
        conversation.modify("local") { $0.id = "server" }
        #expect(conversation.index(of: "local") == nil)
        #expect(conversation.index(of: "server") == 0)
    }

    @Test func aLongHistoryStillFindsItsItems() {
        var conversation = Conversation()
        conversation.appendHistory((0..<2_000).map { Self.entry("item_\($0)") })
        #expect(conversation.index(of: "item_0") == 0)
        #expect(conversation.index(of: "item_1999") == 1_999)
        conversation.upsert(Self.entry("reply"), after: .value("item_1999"))
        #expect(conversation.entries.last?.id == "reply")
    }
}
