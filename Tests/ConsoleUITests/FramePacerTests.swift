import Testing

@testable import ConsoleUI

/// FramePacer: keys drawn at the next frame (30 a second), everything else at most 15 frames a second.
@Suite struct FramePacerTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func theFirstFrameIsDueAtOnceAndNothingIsDueWhenNothingChanged() {
        var pacer = FramePacer(now: start)
        #expect(pacer.due(at: start, needsDisplay: true, needsMeterDisplay: false) == .full)
        pacer.drew(.full, at: start)
        #expect(pacer.due(at: at(500), needsDisplay: false, needsMeterDisplay: false) == nil)
        #expect(pacer.delay(at: at(500), needsDisplay: false, needsMeterDisplay: false) == nil)
    }

    @Test func metersAndSessionRedrawsWaitForTheSessionInterval() {
        var pacer = FramePacer(now: start)
        pacer.drew(.full, at: start)
        #expect(pacer.due(at: at(20), needsDisplay: false, needsMeterDisplay: true) == nil, "no two frames within 33 ms")
        #expect(pacer.due(at: at(40), needsDisplay: false, needsMeterDisplay: true) == nil, "meters wait for 66 ms too")
        #expect(pacer.delay(at: at(40), needsDisplay: false, needsMeterDisplay: true) == .milliseconds(26))
        #expect(pacer.due(at: at(66), needsDisplay: false, needsMeterDisplay: true) == .meters)
        pacer.drew(.meters, at: at(66))
        #expect(pacer.due(at: at(100), needsDisplay: true, needsMeterDisplay: true) == nil)
        #expect(pacer.delay(at: at(100), needsDisplay: true, needsMeterDisplay: false) == .milliseconds(32))
        #expect(pacer.due(at: at(132), needsDisplay: true, needsMeterDisplay: true) == .full, "a full frame draws the meters too")
        pacer.drew(.full, at: at(132))
        #expect(pacer.due(at: at(180), needsDisplay: true, needsMeterDisplay: false) == nil)
        #expect(pacer.due(at: at(198), needsDisplay: true, needsMeterDisplay: false) == .full)
    }

    @Test func aKeyIsDrawnAtTheNextFrame() {
        var pacer = FramePacer(now: start)
        pacer.drew(.full, at: start)
        pacer.noteInput()
        #expect(pacer.delay(at: at(10), needsDisplay: true, needsMeterDisplay: false) == .milliseconds(23))
        #expect(pacer.due(at: at(20), needsDisplay: true, needsMeterDisplay: false) == nil, "no two frames within 33 ms")
        #expect(pacer.due(at: at(33), needsDisplay: true, needsMeterDisplay: false) == .full)
        pacer.drew(.full, at: at(33))
        #expect(pacer.due(at: at(66), needsDisplay: true, needsMeterDisplay: false) == nil, "the key was drawn; the session waits again")
        #expect(pacer.due(at: at(99), needsDisplay: true, needsMeterDisplay: false) == .full)
    }
}
