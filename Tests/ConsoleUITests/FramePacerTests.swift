import Testing

@testable import ConsoleUI

/// FramePacer: 30 frames a second at most, full redraws for the session at most 15, keys at once.
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

    @Test func metersMoveAtThirtyFramesASecondWhileSessionRedrawsWaitForTheStreamingInterval() {
        var pacer = FramePacer(now: start)
        pacer.drew(.full, at: start)
        #expect(pacer.due(at: at(20), needsDisplay: true, needsMeterDisplay: true) == nil, "no two frames within 33 ms")
        #expect(pacer.delay(at: at(20), needsDisplay: true, needsMeterDisplay: true) == .milliseconds(13))
        #expect(pacer.due(at: at(34), needsDisplay: true, needsMeterDisplay: true) == .meters)
        pacer.drew(.meters, at: at(34))
        #expect(pacer.delay(at: at(34), needsDisplay: true, needsMeterDisplay: false) == .milliseconds(33))
        #expect(pacer.due(at: at(50), needsDisplay: true, needsMeterDisplay: false) == nil)
        #expect(pacer.due(at: at(67), needsDisplay: true, needsMeterDisplay: false) == .full)
        pacer.drew(.full, at: at(67))
        #expect(pacer.due(at: at(100), needsDisplay: true, needsMeterDisplay: false) == nil)
        #expect(pacer.due(at: at(133), needsDisplay: true, needsMeterDisplay: false) == .full)
    }

    @Test func aKeyIsDrawnAtTheNextFrame() {
        var pacer = FramePacer(now: start)
        pacer.drew(.full, at: start)
        pacer.noteInput()
        #expect(pacer.delay(at: at(10), needsDisplay: true, needsMeterDisplay: false) == .milliseconds(23))
        #expect(pacer.due(at: at(33), needsDisplay: true, needsMeterDisplay: false) == .full)
        pacer.drew(.full, at: at(33))
        #expect(pacer.due(at: at(66), needsDisplay: true, needsMeterDisplay: false) == nil, "the key was drawn; the session waits again")
        #expect(pacer.due(at: at(99), needsDisplay: true, needsMeterDisplay: false) == .full)
    }
}
