import AudioIO
import Foundation
import RealtimeCore
import Testing

@Suite("Local speech estimate")
struct SpeechDetectorTests {
    /// Levels of 20 ms frames of a 300 Hz tone at `dbfs` (RMS), or of silence when nil.
    private func frames(_ dbfs: Double?, count: Int) -> [AudioLevel] {
        let amplitude = dbfs.map { pow(10, ($0 + 3.01) / 20) } ?? 0
        let frame = TestSignals.sine(frequency: 300, amplitude: amplitude, milliseconds: 20)
        return Array(repeating: AudioLevel.measure(frame), count: count)
    }

    @Test("speech starts after the onset frames and ends only after the hold time")
    func burstHysteresis() {
        var detector = SpeechDetector()
        let input = frames(nil, count: 10) + frames(-20, count: 30) + frames(nil, count: 30)
        let output = input.map { detector.process($0) }
        #expect(output[0..<10].allSatisfy { !$0 })
        #expect(!output[10])
        #expect(output[11], "two loud frames (40 ms) start speech")
        #expect(output[11..<40].allSatisfy { $0 })
        #expect(output[40..<54].allSatisfy { $0 }, "14 quiet frames are still inside the 300 ms hold")
        #expect(!output[54], "the 15th quiet frame ends speech")
        #expect(output[55...].allSatisfy { !$0 })
    }

    @Test("a single loud frame (a click) does not start speech")
    func click() {
        var detector = SpeechDetector()
        let output = (frames(nil, count: 5) + frames(-10, count: 1) + frames(nil, count: 5)).map { detector.process($0) }
        #expect(output.allSatisfy { !$0 })
    }

    @Test("between the thresholds the estimate keeps its state")
    func betweenThresholds() {
        var detector = SpeechDetector()
        // -45 dBFS lies between the onset (-40) and the offset (-50).
        let fromSilence = frames(-45, count: 40).map { detector.process($0) }
        #expect(fromSilence.allSatisfy { !$0 }, "a level below the onset never starts speech")
        let loud = frames(-30, count: 5).map { detector.process($0) }
        let between = frames(-45, count: 40).map { detector.process($0) }
        #expect(loud.last == true)
        #expect(between.allSatisfy { $0 }, "a level above the offset never ends speech")
    }

    @Test("pauses shorter than the hold time do not split speech")
    func shortPauses() {
        var detector = SpeechDetector()
        var input: [AudioLevel] = []
        for _ in 0..<4 { input += frames(-25, count: 10) + frames(nil, count: 10) }
        let output = input.map { detector.process($0) }
        #expect(output[1...].allSatisfy { $0 })
    }
}
