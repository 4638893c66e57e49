import Foundation
import RealtimeCore

/// What a GPT-Live session's output track carries: the assistant's replies (and audio fixtures) queued in order,
/// each placed on the timeline when its turn comes, and what every 100 ms frame holds.
///
/// A value with no clock of its own: ``frame(atMs:)`` is asked for each frame as input audio moves the timeline.
struct LiveOutputTrack: Sendable {
    /// Milliseconds of audio per `session.output_audio.delta`.
    static let frameMilliseconds = 100

    /// What one frame carries.
    struct Frame: Sendable {
        /// Output transcript deltas to send just before the audio.
        var pieces: [LiveTranscriptPiece] = []
        /// The frame's audio (base64), or nil for silence.
        var audio: String?
        /// Fixtures that finished before this frame: the `event_id` of each one's play command, if it had one.
        var fixturesPlayed: [String?] = []
    }

    /// Where an item's audio came from.
    enum Source: Sendable, Equatable {
        /// The assistant's speech (it has a transcript).
        case speech
        /// A client's pre-recorded fixture, with the play command's `event_id`.
        case fixture(clientEventID: String?)
    }

    private struct Item: Sendable {
        let key: Int
        let source: Source
        /// The audio, once synthesised.
        var clip: SpeechClip?
        /// The clip's last chunk padded with silence to a whole frame, when it is shorter.
        var paddedLastChunk: String?
        /// The earliest timeline position it may start at.
        var notBeforeMs: Int
        /// Where it started, once it did.
        var startMs: Int?
        /// From here on it is silent and its transcript stops (barge-in).
        var cutMs: Int?
        /// Transcript words sent.
        var wordsSent = 0

        func chunk(_ index: Int) -> String {
            guard let clip else { return "" }
            if index == clip.chunks.count - 1, let paddedLastChunk { return paddedLastChunk }
            return clip.chunks[index]
        }
    }

    /// The format of the output audio.
    let format: AudioFormat
    private var items: [Item] = []
    private var nextKey = 0
    /// True once a transcript word was sent: later words, of any reply, come with a leading space.
    private var transcriptStarted = false

    /// Creates an empty track in a format.
    init(format: AudioFormat) {
        self.format = format
    }

    /// True while nothing is queued or playing.
    var isEmpty: Bool { items.isEmpty }

    /// True while a fixture is queued or playing.
    var hasFixture: Bool { items.contains { $0.source != .speech } }

    /// Queues speech whose audio is still to come; it starts at a frame at or after `notBeforeMs`, once
    /// everything before it has played and its audio is there.
    ///
    /// - Returns: the key to hand the audio to ``provide(_:for:)`` with.
    mutating func enqueueSpeech(notBeforeMs: Int) -> Int {
        nextKey += 1
        items.append(Item(key: nextKey, source: .speech, notBeforeMs: notBeforeMs))
        return nextKey
    }

    /// Queues a fixture to play from `atMs` (a frame boundary): everything queued before it is cut there.
    mutating func enqueueFixture(_ clip: SpeechClip, clientEventID: String?, atMs: Int) {
        cut(atMs: atMs)
        nextKey += 1
        items.append(Item(key: nextKey, source: .fixture(clientEventID: clientEventID), notBeforeMs: atMs))
        provide(clip, for: nextKey)
    }

    /// The first queued speech that may start before `dueBeforeMs` but has no audio yet, by its key.
    func speechAwaitingAudio(dueBeforeMs: Int) -> Int? {
        items.first { $0.source == .speech && $0.clip == nil && $0.cutMs == nil && $0.notBeforeMs < dueBeforeMs }?.key
    }

    /// Hands the synthesised audio to a queued item (ignored when the item was dropped meanwhile).
    mutating func provide(_ clip: SpeechClip, for key: Int) {
        guard let index = items.firstIndex(where: { $0.key == key }) else { return }
        items[index].clip = clip
        let chunkBytes = SpeechClip.bytesPerMillisecond(format) * Self.frameMilliseconds
        let tail = clip.audio.count % chunkBytes
        if tail > 0 {
            var bytes = Data(clip.audio.suffix(tail))
            bytes.append(contentsOf: repeatElement(LiveSilence.byte(for: format), count: chunkBytes - tail))
            items[index].paddedLastChunk = bytes.base64EncodedString()
        }
    }

    /// Barge-in: everything queued or playing falls silent from `atMs` on (fixtures play on).
    ///
    /// - Returns: true when something was cut.
    @discardableResult
    mutating func cut(atMs: Int) -> Bool {
        var cutAny = false
        for index in items.indices where items[index].source == .speech {
            items[index].cutMs = min(items[index].cutMs ?? .max, atMs)
            cutAny = true
        }
        return cutAny
    }

    /// What the frame starting at `startMs` carries; items that ended or were cut before it leave the queue.
    mutating func frame(atMs startMs: Int) -> Frame {
        var frame = Frame()
        while var item = items.first {
            guard let itemStart = item.startMs else {
                if item.cutMs != nil {
                    drop(into: &frame)
                    continue
                }
                guard item.clip != nil, startMs >= item.notBeforeMs else { break }
                items[0].startMs = startMs
                continue
            }
            let index = (startMs - itemStart) / Self.frameMilliseconds
            guard let clip = item.clip, index < clip.chunks.count, item.cutMs.map({ startMs < $0 }) ?? true else {
                drop(into: &frame)
                continue
            }
            while let (piece, next) = LiveTranscriptPiece.next(
                of: clip.words, from: item.wordsSent, originMs: itemStart, dueBefore: startMs + Self.frameMilliseconds, cutMs: item.cutMs ?? .max,
                leadingSpace: transcriptStarted)
            {
                frame.pieces.append(piece)
                item.wordsSent = next
                transcriptStarted = true
            }
            items[0] = item
            frame.audio = item.chunk(index)
            return frame
        }
        return frame
    }

    private mutating func drop(into frame: inout Frame) {
        let item = items.removeFirst()
        if case .fixture(let clientEventID) = item.source { frame.fixturesPlayed.append(clientEventID) }
    }
}
