import Foundation
import RealtimeCore
import Testing

@testable import RealtimeSim

/// The GPT-Live output track as a value: placement on frames, padding, transcript buckets, barge-in cuts.
@Suite struct LiveOutputTrackTests {
    /// 250 ms of a loud constant signal with two words, at 0 and 120 ms.
    static let clip = SpeechClip(
        samples: [Int16](repeating: 8000, count: 6000),
        words: [SpokenWord(text: "Hello", startMs: 0, endMs: 100), SpokenWord(text: "there.", startMs: 120, endMs: 250)], format: .pcm24k)

    @Test func speechStartsOnTheFirstFrameAfterItsTimeAndEndsPadded() throws {
        var track = LiveOutputTrack(format: .pcm24k)
        let key = track.enqueueSpeech(notBeforeMs: 150)
        #expect(track.speechAwaitingAudio(dueBeforeMs: 151) == key)
        #expect(track.speechAwaitingAudio(dueBeforeMs: 150) == nil)
        track.provide(Self.clip, for: key)
        let before = track.frame(atMs: 100)
        #expect(before.audio == nil)
        let first = track.frame(atMs: 200)
        #expect(first.pieces == [LiveTranscriptPiece(text: "Hello there.", startMs: 200, endMs: 400)])
        #expect(first.audio == Self.clip.chunks[0])
        let second = track.frame(atMs: 300)
        #expect(second.audio == Self.clip.chunks[1])
        let third = track.frame(atMs: 400)
        let last = try #require(Data(base64Encoded: third.audio ?? ""))
        #expect(last.count == 4800)
        #expect(last.suffix(2400) == Data(count: 2400), "the last chunk is padded with silence")
        let after = track.frame(atMs: 500)
        #expect(after.audio == nil)
        #expect(track.isEmpty)
    }

    @Test func aCutSilencesWhatPlaysAndDropsWhatWaits() {
        var track = LiveOutputTrack(format: .pcm24k)
        let key = track.enqueueSpeech(notBeforeMs: 0)
        track.provide(Self.clip, for: key)
        let later = track.enqueueSpeech(notBeforeMs: 0)
        let first = track.frame(atMs: 0)
        #expect(first.pieces.map(\.text) == ["Hello there."])
        #expect(first.audio == Self.clip.chunks[0])
        let cutAny = track.cut(atMs: 100)
        #expect(cutAny)
        #expect(track.speechAwaitingAudio(dueBeforeMs: 1000) == nil, "cut speech is not waited for")
        let cut = track.frame(atMs: 100)
        #expect(cut.audio == nil && cut.pieces.isEmpty)
        track.provide(Self.clip, for: later)
        #expect(track.isEmpty)
    }

    @Test func laterRepliesContinueTheTranscriptWithALeadingSpace() {
        var track = LiveOutputTrack(format: .pcm24k)
        for _ in 0..<2 { track.provide(Self.clip, for: track.enqueueSpeech(notBeforeMs: 0)) }
        let pieces = (0..<8).flatMap { track.frame(atMs: $0 * 100).pieces.map(\.text) }
        #expect(pieces == ["Hello there.", " Hello", " there."])
    }
}
