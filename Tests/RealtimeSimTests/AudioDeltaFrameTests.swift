import RealtimeCore
import Testing

@testable import RealtimeSim

@Suite struct AudioDeltaFrameTests {
    @Test(arguments: Dialect.allCases)
    func matchesTheGeneralEncoder(_ dialect: Dialect) {
        let location = ContentLocation(responseID: "resp_A1", itemID: "item_B2", outputIndex: 0, contentIndex: 0)
        let fast = AudioDeltaFrame.text(dialect, eventID: "event_C3", location: location, base64: "AAAA+/==")
        let general = ServerEvent.outputAudioDelta(ContentDeltaEvent(location: location, delta: "AAAA+/==")).encoded(dialect, eventID: "event_C3")
        #expect(fast == general)
    }
}
