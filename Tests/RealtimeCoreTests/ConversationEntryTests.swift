import Foundation
import Testing

@testable import RealtimeCore

/// An entry keeps its fields in a box shared by its copies: the copies must still behave as values.
@Suite struct ConversationEntryTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func entry(_ id: String, _ text: String) -> ConversationEntry {
        ConversationEntry(id: id, speaker: .assistant, text: text, isPartial: true, createdAt: start, responseID: "resp_1")
    }

    @Test func aChangedCopyLeavesTheOriginalAsItWas() {
        let original = Self.entry("item_1", "Hello")
        var copy = original
        copy.text += ", world"
        copy.interrupted = true
        copy.heardText = "Hello"
        copy.heardMilliseconds = 400
        #expect(original.text == "Hello")
        #expect(!original.interrupted)
        #expect(original.heardText == nil)
        #expect(original.heardMilliseconds == nil)
        #expect(copy.text == "Hello, world")
        #expect(copy.recordText == "Hello")
    }

    @Test func entriesAreEqualByTheirFieldsWhetherOrNotTheyShareABox() {
        let first = Self.entry("item_1", "Hello")
        var separate = Self.entry("item_1", "Hel")
        #expect(first != separate)
        separate.text += "lo"
        #expect(first == separate)
        var copy = first
        #expect(copy == first)
        copy.audioMilliseconds = 1_200
        #expect(copy != first)
        copy.audioMilliseconds = 0
        #expect(copy == first)
    }

    @Test func aRecordTakenBeforeAChangeKeepsWhatWasSaidThen() {
        var tracker = ConversationTracker()
        tracker.loadHistory((0..<50).map { Self.entry("item_\($0)", "entry \($0)") })
        let saved = tracker.conversation.entries
        tracker.transcriptionDelta("item_49", " and more")
        tracker.add(Self.entry("item_50", "new"))
        #expect(saved.count == 50)
        #expect(saved[49].text == "entry 49")
        #expect(tracker.conversation.entries.count == 51)
        #expect(tracker.conversation["item_49"]?.text == "entry 49 and more")
    }

    @Test func copiesMadeOnManyThreadsChangeIndependently() async {
        let shared = Self.entry("item_1", "start")
        let texts = await withTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    var mine = shared
                    for step in 0..<200 { mine.text += "\(index).\(step) " }
                    return mine.text
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(shared.text == "start")
        #expect(Set(texts).count == 8)
        #expect(texts.allSatisfy { $0.hasPrefix("start") && $0.hasSuffix(".199 ") })
    }
}
