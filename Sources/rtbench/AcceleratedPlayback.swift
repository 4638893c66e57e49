import RealtimeCore
import Synchronization

/// A player without a device that plays `speed` times faster than real time and keeps no audio.
///
/// Figure 4 compresses a 60-minute call: the microphone streams `speed` times faster than real time and
/// the simulator paces its replies with the same factor, so the assistant's audio must also be heard that
/// much faster for barge-ins to cut replies where a person would. Unlike `VirtualPlayback`, which keeps
/// every heard sample for `--output`, this player keeps only counters, so it adds no memory growth of its
/// own to the measurement. Items that were fully heard are forgotten once `rememberedItems` newer ones
/// have audio.
final class AcceleratedPlayback: AudioPlayback {
    private struct Segment {
        var item: PlaybackItem
        /// Start on the playback timeline, in samples.
        var start: Int
        var count: Int
        var end: Int { start + count }
    }

    private struct ItemRecord {
        var received = 0
        var heard = 0
        var firstAudible: ContinuousClock.Instant
    }

    private struct State {
        var segments: [Segment] = []
        var queuedEnd = 0
        var playedAtAnchor = 0
        var anchor: ContinuousClock.Instant?
        var items: [PlaybackItem: ItemRecord] = [:]
        var order: [PlaybackItem] = []
        var itemsReceived = 0
    }

    private static let rememberedItems = 8
    private let samplesPerSecond: Double
    private let state = Mutex(State())

    /// Creates a player that hears `speed` × 24 000 samples per second.
    init(speed: Double) {
        samplesPerSecond = Double(PCM.sampleRate) * speed
    }

    /// The playhead at `now`: everything before it has been heard. Moves fully heard segments into the items' counts.
    private func advance(_ s: inout State, now: ContinuousClock.Instant) -> Int {
        var position = s.playedAtAnchor
        if let anchor = s.anchor {
            position = min(s.queuedEnd, s.playedAtAnchor + Int((now - anchor).seconds * samplesPerSecond))
            if position >= s.queuedEnd {
                s.playedAtAnchor = s.queuedEnd
                s.anchor = nil
            }
        }
        while let first = s.segments.first, first.end <= position {
            s.items[first.item]?.heard += first.count
            s.segments.removeFirst()
        }
        return position
    }

    /// Samples of `item` heard at `position`, counting a segment in the middle of playing.
    private func heard(_ item: PlaybackItem, _ s: State, position: Int) -> Int {
        var heard = s.items[item]?.heard ?? 0
        if let playing = s.segments.first, playing.item == item, playing.start < position { heard += position - playing.start }
        return heard
    }

    func enqueue(_ samples: [Int16], for item: PlaybackItem) {
        guard !samples.isEmpty else { return }
        let now = ContinuousClock.now
        state.withLock { s in
            let position = advance(&s, now: now)
            if s.anchor == nil {
                s.playedAtAnchor = s.queuedEnd
                s.anchor = now
            }
            if s.items[item] == nil {
                let wait = Double(s.queuedEnd - position) / samplesPerSecond
                s.items[item] = ItemRecord(firstAudible: now + .seconds(wait))
                s.order.append(item)
                s.itemsReceived += 1
                if s.order.count > Self.rememberedItems { s.items[s.order.removeFirst()] = nil }
            }
            s.segments.append(Segment(item: item, start: s.queuedEnd, count: samples.count))
            s.queuedEnd += samples.count
            s.items[item]?.received += samples.count
        }
    }

    func interrupt() async -> [PlaybackProgress] {
        let now = ContinuousClock.now
        return state.withLock { s in
            let position = advance(&s, now: now)
            var cut: [PlaybackItem] = []
            for segment in s.segments where !cut.contains(segment.item) { cut.append(segment.item) }
            let progress = cut.compactMap { item -> PlaybackProgress? in
                guard var record = s.items[item] else { return nil }
                record.heard = min(record.received, heard(item, s, position: position))
                record.received = record.heard
                s.items[item] = record
                return PlaybackProgress(item: item, receivedMilliseconds: PCM.milliseconds(forSamples: record.received),
                                        heardMilliseconds: PCM.milliseconds(forSamples: record.heard), firstAudibleAt: record.firstAudible)
            }
            s.segments.removeAll()
            s.queuedEnd = position
            s.playedAtAnchor = position
            s.anchor = nil
            return progress
        }
    }

    func progress(of item: PlaybackItem) -> PlaybackProgress? {
        let now = ContinuousClock.now
        return state.withLock { s in
            let position = advance(&s, now: now)
            guard let record = s.items[item] else { return nil }
            return PlaybackProgress(item: item, receivedMilliseconds: PCM.milliseconds(forSamples: record.received),
                                    heardMilliseconds: PCM.milliseconds(forSamples: min(record.received, heard(item, s, position: position))),
                                    firstAudibleAt: record.firstAudible)
        }
    }

    /// How many items have had audio, milliseconds (of real-time audio) heard of the most recent one, and
    /// whether anything is still queued.
    var latest: (items: Int, heardMilliseconds: Int, playing: Bool) {
        let now = ContinuousClock.now
        return state.withLock { s in
            let position = advance(&s, now: now)
            guard let item = s.order.last else { return (0, 0, false) }
            return (s.itemsReceived, PCM.milliseconds(forSamples: heard(item, s, position: position)), position < s.queuedEnd)
        }
    }
}
