/// The jitter buffer of an output and the exact per-item accounting behind ``AudioPlayback``.
///
/// Positions are counted in samples on one timeline: the *write head* (``writtenSamples``) advances by
/// every sample handed to the device, audio or silence. Each item remembers the timeline segments its
/// samples occupy. Given the *played position* P (the timeline sample the listener hears now, that is
/// the write head minus the device latency), an item has been heard for the part of its segments that
/// lies before P. This makes the numbers exact however items, silence and flushes interleave.
///
/// This is the one model of "what has been heard, when" in rtconsole: every player keeps one (a device's
/// played position comes from its latency, a clock-driven player's from the clock), and the call recorder
/// and the session take their figures from the players. The ledger does no I/O and no locking; each player
/// keeps it inside its own `Mutex`.
///
/// An item is forgotten once ``rememberedItems`` newer items have audio (long after it was heard), so a
/// call of any length keeps a bounded ledger; ``progress(of:playedPosition:)`` is nil for a forgotten item.
public struct PlaybackLedger: Sendable {
    /// A run of timeline samples that belongs to one item.
    private struct Segment: Sendable {
        var start: Int
        var count: Int
    }

    /// What the ledger knows about one item.
    private struct Record: Sendable {
        /// Enqueue order, to report items oldest first.
        var order: Int
        /// Samples received (enqueued) so far.
        var received = 0
        /// Where the item's written samples sit on the timeline.
        var segments: [Segment] = []
        /// Heard samples, frozen when the item was interrupted; later audio for the item is dropped.
        var finalHeard: Int?
        /// When the item's first sample became audible.
        var firstAudibleAt: ContinuousClock.Instant?
    }

    /// Samples of one item waiting to be written.
    private struct Chunk: Sendable {
        var item: PlaybackItem
        var samples: [Int16]
        var offset = 0
    }

    /// Creates an empty ledger.
    public init() {}

    private var queue: [Chunk] = []
    private var queueHead = 0
    private var records: [PlaybackItem: Record] = [:]
    /// Items written but not yet audible, waiting for ``observe(playedPosition:at:)``.
    private var awaitingAudible: Set<PlaybackItem> = []
    private var nextOrder = 0
    /// Items in enqueue order, oldest first, for forgetting finished ones.
    private var itemOrder: [PlaybackItem] = []

    /// How many items the ledger keeps before it forgets the oldest finished ones.
    public static let rememberedItems = 64
    /// The item whose audio was written last, and whether silence has been written since.
    private var lastWritten: (item: PlaybackItem, gapSince: Bool)?

    /// Samples waiting in the queue.
    public private(set) var queuedSamples = 0
    /// The write head: every sample handed to the device so far, audio and silence.
    public private(set) var writtenSamples = 0
    /// Gaps heard inside an item: silence was written because the queue ran dry, then more audio of the
    /// same item followed. (Silence after an item's last sample is not an underrun.)
    public private(set) var underruns = 0

    /// Queues audio of an item.
    ///
    /// Audio for an item that was interrupted is dropped: it is a late delta of a cut response and must
    /// not play. Empty buffers are ignored.
    public mutating func enqueue(_ samples: [Int16], for item: PlaybackItem) {
        guard !samples.isEmpty, records[item]?.finalHeard == nil else { return }
        if records[item] == nil {
            records[item] = Record(order: nextOrder)
            nextOrder += 1
            itemOrder.append(item)
            forgetOldItems()
        }
        records[item]?.received += samples.count
        queue.append(Chunk(item: item, samples: samples))
        queuedSamples += samples.count
    }

    /// Takes up to `limit` queued samples (possibly of several items) and advances the write head past them.
    ///
    /// - Returns: the samples to write; empty when the queue is empty.
    public mutating func take(upTo limit: Int) -> [Int16] {
        var output: [Int16] = []
        output.reserveCapacity(min(limit, queuedSamples))
        while output.count < limit, queueHead < queue.count {
            let chunk = queue[queueHead]
            let count = min(limit - output.count, chunk.samples.count - chunk.offset)
            output.append(contentsOf: chunk.samples[chunk.offset..<chunk.offset + count])
            noteWritten(chunk.item, count: count)
            if chunk.offset + count == chunk.samples.count {
                queue[queueHead].samples = []
                queueHead += 1
            } else {
                queue[queueHead].offset += count
            }
        }
        if queueHead == queue.count || queueHead > 256 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        queuedSamples -= output.count
        return output
    }

    /// Advances the write head past `count` samples of silence written because the queue was empty.
    public mutating func writeSilence(_ count: Int) {
        guard count > 0 else { return }
        lastWritten?.gapSince = true
        writtenSamples += count
    }

    /// Records when items became audible, given that the listener hears timeline sample `playedPosition` at `instant`.
    public mutating func observe(playedPosition: Int, at instant: ContinuousClock.Instant) {
        for item in awaitingAudible {
            guard let start = records[item]?.segments.first?.start, playedPosition > start else { continue }
            records[item]?.firstAudibleAt = instant - .samples(playedPosition - start)
            awaitingAudible.remove(item)
        }
    }

    /// The progress of an item when the listener is at timeline sample `playedPosition`.
    ///
    /// - Returns: nil if the item never had audio enqueued.
    public func progress(of item: PlaybackItem, playedPosition: Int) -> PlaybackProgress? {
        records[item].map { progress(item, $0, heard: heardSamples($0, playedPosition: playedPosition)) }
    }

    /// Discards the queue and freezes every open item at what was heard up to `playedPosition`.
    ///
    /// - Returns: the items that were not fully heard, oldest first, with heard ≤ received.
    public mutating func interrupt(playedPosition: Int) -> [PlaybackProgress] {
        var cut: [(order: Int, progress: PlaybackProgress)] = []
        for (item, record) in records where record.finalHeard == nil {
            let heard = heardSamples(record, playedPosition: playedPosition)
            records[item]?.finalHeard = heard
            if heard < record.received {
                cut.append((record.order, progress(item, record, heard: heard)))
            }
        }
        discardQueue()
        awaitingAudible.removeAll()
        lastWritten = nil
        return cut.sorted { $0.order < $1.order }.map(\.progress)
    }

    /// Drops everything queued without freezing any item (the device is gone; the audio is lost unheard).
    public mutating func discardQueue() {
        queue.removeAll()
        queueHead = 0
        queuedSamples = 0
    }

    /// Forgets what was written after timeline position `position` because the device threw it away
    /// (a flush, or a server that died): the write head moves back there and no item counts those
    /// samples as played.
    public mutating func discardWritten(after position: Int) {
        let position = max(0, position)
        guard position < writtenSamples else { return }
        writtenSamples = position
        for (item, record) in records where record.segments.last.map({ $0.start + $0.count > position }) ?? false {
            let kept = record.segments.compactMap { segment -> Segment? in
                segment.start >= position ? nil : Segment(start: segment.start, count: min(segment.count, position - segment.start))
            }
            records[item]?.segments = kept
            if kept.isEmpty { awaitingAudible.remove(item) }
        }
        if let last = lastWritten, records[last.item]?.segments.isEmpty ?? true { lastWritten = nil }
    }

    /// Forgets the oldest items while more than ``rememberedItems`` are kept, unless audio of theirs is
    /// still queued (the queue's samples must stay on the timeline).
    private mutating func forgetOldItems() {
        var index = 0
        while itemOrder.count - index > Self.rememberedItems {
            let item = itemOrder[index]
            guard !queue[queueHead...].contains(where: { $0.item == item }) else { break }
            records[item] = nil
            awaitingAudible.remove(item)
            index += 1
        }
        if index > 0 { itemOrder.removeFirst(index) }
    }

    private mutating func noteWritten(_ item: PlaybackItem, count: Int) {
        if let lastWritten, lastWritten.item == item, lastWritten.gapSince {
            underruns += 1
        }
        lastWritten = (item, false)
        guard var record = records[item] else { return }
        if let last = record.segments.last, last.start + last.count == writtenSamples {
            record.segments[record.segments.count - 1].count += count
        } else {
            record.segments.append(Segment(start: writtenSamples, count: count))
            if record.firstAudibleAt == nil { awaitingAudible.insert(item) }
        }
        records[item] = record
        writtenSamples += count
    }

    private func heardSamples(_ record: Record, playedPosition: Int) -> Int {
        if let finalHeard = record.finalHeard { return finalHeard }
        let heard = record.segments.reduce(0) { $0 + min(max(playedPosition - $1.start, 0), $1.count) }
        return min(heard, record.received)
    }

    private func progress(_ item: PlaybackItem, _ record: Record, heard: Int) -> PlaybackProgress {
        PlaybackProgress(
            item: item,
            receivedMilliseconds: PCM.milliseconds(forSamples: record.received),
            heardMilliseconds: PCM.milliseconds(forSamples: heard),
            firstAudibleAt: record.firstAudibleAt
        )
    }
}
