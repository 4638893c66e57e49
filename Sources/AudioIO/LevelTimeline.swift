import RealtimeCore

/// The levels of the last chunks written to an output, so that its meter shows what is audible now
/// (the chunk at the played position) rather than what was just written ahead of the device latency.
struct LevelTimeline: Sendable {
    private struct Entry: Sendable {
        var start: Int
        var end: Int
        var level: AudioLevel
    }

    /// Enough chunks to cover any device latency rtconsole asks for (64 × 20 ms).
    private static let capacity = 64
    private var entries: [Entry] = []

    /// Records the level of `samples`, written at timeline position `start`.
    mutating func record(_ samples: [Int16], at start: Int) {
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append(Entry(start: start, end: start + samples.count, level: AudioLevel.measure(samples)))
    }

    /// The level of the chunk containing timeline position `position`, or silence.
    func level(at position: Int) -> AudioLevel {
        entries.last { $0.start <= position && position < $0.end }?.level ?? .silence
    }

    /// Forgets chunks at or after `position` (the device discarded them).
    mutating func discard(from position: Int) {
        entries.removeAll { $0.start >= position }
    }
}
