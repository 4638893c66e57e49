import AudioIO
import RealtimeCore
import Synchronization

/// Wraps a player and counts the items it was given, so figure 4 can tell when a reply has been heard
/// without knowing the session's item ids. The player itself (its clock and ledger) does the hearing.
final class CountingPlayback: AudioPlayback {
    private struct Items {
        var count = 0
        var last: PlaybackItem?
    }

    private let player: NullAudioOutput
    private let items = Mutex(Items())

    /// Wraps a started player.
    init(_ player: NullAudioOutput) {
        self.player = player
    }

    @discardableResult
    func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        items.withLock { items in
            if items.last != item {
                items.count += 1
                items.last = item
            }
        }
        return player.enqueue(samples, for: item)
    }

    func interrupt() async -> [PlaybackProgress] { await player.interrupt() }

    func progress(of item: PlaybackItem) -> PlaybackProgress? { player.progress(of: item) }

    /// How many items have had audio, milliseconds (of real-time audio) heard of the most recent one, and
    /// whether anything is still queued.
    var latest: (items: Int, heardMilliseconds: Int, playing: Bool) {
        let (count, last) = items.withLock { ($0.count, $0.last) }
        let heard = last.flatMap { player.progress(of: $0)?.heardMilliseconds } ?? 0
        return (count, heard, player.isPlaying)
    }
}
