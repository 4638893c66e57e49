import ConsoleUI
import RealtimeCore
import Testing

/// Session updates travel in queues (the update stream, the console's inbox) that a replayed conversation fills
/// with thousands of them at once; the queues' memory is their count times the element's size, and glibc keeps
/// that peak for the rest of the call. These keep the elements small.
@Suite struct UpdateSizeTests {
    @Test func aSessionUpdateIsTheSizeOfAnEventRecordNotOfTheLedger() {
        #expect(MemoryLayout<SessionUpdate>.size <= MemoryLayout<EventRecord>.size + 8)
        #expect(MemoryLayout<ConfigurationLedger>.size > 4 * MemoryLayout<SessionUpdate>.size)
    }

    @Test func aConsoleActionIsNoLargerThanASessionUpdate() {
        #expect(MemoryLayout<ConsoleAction>.size <= MemoryLayout<SessionUpdate>.size + 8)
    }
}
