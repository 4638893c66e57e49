import Synchronization

/// A player with no device: audio "plays" against a clock, so heard-milliseconds accounting is exact
/// and testable without a sound server. With `realTime: false` everything is heard the moment it
/// arrives (headless `--fast`). It keeps what was heard, in order, for writing a WAV file.
public final class VirtualPlayback: AudioPlayback {
    private struct Segment {
        var item: PlaybackItem
        /// Start on the playback timeline, in samples.
        var start: Int
        var samples: [Int16]
        var end: Int { start + samples.count }
    }

    private struct State {
        var segments: [Segment] = []
        /// The timeline position where queued audio ends.
        var queuedEnd = 0
        /// Samples heard so far (the playhead), as of `anchor`.
        var playedAtAnchor = 0
        var anchor: ContinuousClock.Instant?
        var received: [PlaybackItem: Int] = [:]
        var heardBefore: [PlaybackItem: Int] = [:]
        var firstAudible: [PlaybackItem: ContinuousClock.Instant] = [:]
        var heardAudio: [Int16] = []
    }

    private let realTime: Bool
    private let clock = ContinuousClock()
    private let state = Mutex(State())

    /// Creates a player. `realTime: true` plays at 24 kHz against the clock; false hears everything at once.
    public init(realTime: Bool) {
        self.realTime = realTime
    }

    private func playhead(_ s: inout State, now: ContinuousClock.Instant) -> Int {
        guard realTime else { return s.queuedEnd }
        guard let anchor = s.anchor else { return s.playedAtAnchor }
        let elapsed = now - anchor
        let samples = Int(Double(elapsed.components.seconds) * 24_000 + Double(elapsed.components.attoseconds) / 1e18 * 24_000)
        let position = min(s.queuedEnd, s.playedAtAnchor + samples)
        if position >= s.queuedEnd {
            s.playedAtAnchor = s.queuedEnd
            s.anchor = nil
        }
        return position
    }

    private func collectHeard(_ s: inout State, upTo position: Int) {
        while let first = s.segments.first, first.end <= position {
            s.heardAudio.append(contentsOf: first.samples)
            s.heardBefore[first.item, default: 0] += first.samples.count
            s.segments.removeFirst()
        }
    }

    public func enqueue(_ samples: [Int16], for item: PlaybackItem) {
        guard !samples.isEmpty else { return }
        let now = clock.now
        state.withLock { s in
            let position = playhead(&s, now: now)
            collectHeard(&s, upTo: position)
            if s.anchor == nil, realTime {
                s.playedAtAnchor = s.queuedEnd
                s.anchor = now
            }
            if s.received[item] == nil {
                let wait = realTime ? s.queuedEnd - position : 0
                s.firstAudible[item] = now + .microseconds(Int64(wait) * 1_000_000 / 24_000)
            }
            s.segments.append(Segment(item: item, start: s.queuedEnd, samples: samples))
            s.queuedEnd += samples.count
            s.received[item, default: 0] += samples.count
            if !realTime { collectHeard(&s, upTo: s.queuedEnd) }
        }
    }

    public func interrupt() async -> [PlaybackProgress] {
        let now = clock.now
        return state.withLock { s in
            let position = playhead(&s, now: now)
            collectHeard(&s, upTo: position)
            var cut: [PlaybackItem] = []
            if let partial = s.segments.first, partial.start < position {
                let heardCount = position - partial.start
                s.heardAudio.append(contentsOf: partial.samples.prefix(heardCount))
                s.heardBefore[partial.item, default: 0] += heardCount
            }
            for segment in s.segments where !cut.contains(segment.item) { cut.append(segment.item) }
            s.segments.removeAll()
            s.queuedEnd = position
            s.playedAtAnchor = position
            s.anchor = nil
            return cut.map { item in
                let received = s.received[item] ?? 0
                let heard = min(received, s.heardBefore[item] ?? 0)
                s.received[item] = heard
                return PlaybackProgress(item: item, receivedMilliseconds: PCM.milliseconds(forSamples: received),
                                        heardMilliseconds: PCM.milliseconds(forSamples: heard), firstAudibleAt: s.firstAudible[item])
            }
        }
    }

    public func progress(of item: PlaybackItem) -> PlaybackProgress? {
        let now = clock.now
        return state.withLock { s in
            guard let received = s.received[item] else { return nil }
            let position = playhead(&s, now: now)
            collectHeard(&s, upTo: position)
            var heard = s.heardBefore[item] ?? 0
            if let partial = s.segments.first, partial.item == item, partial.start < position { heard += position - partial.start }
            return PlaybackProgress(item: item, receivedMilliseconds: PCM.milliseconds(forSamples: received),
                                    heardMilliseconds: PCM.milliseconds(forSamples: min(heard, received)), firstAudibleAt: s.firstAudible[item])
        }
    }

    /// Everything heard so far, in playback order (what a listener would have heard).
    public func heardAudio() -> [Int16] {
        let now = clock.now
        return state.withLock { s in
            collectHeard(&s, upTo: playhead(&s, now: now))
            return s.heardAudio
        }
    }

    /// True while queued audio has not all been heard.
    public var isPlaying: Bool {
        let now = clock.now
        return state.withLock { s in playhead(&s, now: now) < s.queuedEnd }
    }
}
