import AudioIO
import RealtimeCore
import Synchronization

/// Passes assistant audio to a PulseAudio output, stamping a three-sample marker at the start of every
/// delta and noting when it was enqueued, so that bench/audio-probe.so can tell when that delta reached
/// `pa_stream_write`. The marker replaces the delta's first 3 samples (1/8 ms); nothing else changes.
final class MarkingPlayback: AudioPlayback {
    private let output: PulseAudioOutput
    private struct State {
        var next: Int64 = 0
        var enqueued: [Int64: Int64] = [:]
        var replyStarts: Set<Int64> = []
        var items: Set<PlaybackItem> = []
        var lastItem: PlaybackItem?
    }

    private let state = Mutex(State())

    /// Wraps an output.
    init(_ output: PulseAudioOutput) {
        self.output = output
    }

    /// Marker number → when its delta was enqueued (CLOCK_MONOTONIC ns).
    var enqueueTimes: [Int64: Int64] { state.withLock { $0.enqueued } }

    /// The markers of deltas that started an item while the output had nothing left to play: the start of
    /// a reply. (The answer after a reasoning model's preamble waits behind the preamble's audio: that wait
    /// is playback, not time the console adds.)
    var replyStarts: Set<Int64> { state.withLock { $0.replyStarts } }

    /// The number the next marker will get.
    var nextMarker: Int64 { state.withLock { $0.next } }

    @discardableResult
    func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration {
        guard samples.count >= 3 else { return output.enqueue(samples, for: item) }
        var marked = samples
        let number = state.withLock { s in
            defer { s.next = (s.next + 1) % 32_768 }
            if s.items.insert(item).inserted, s.lastItem.flatMap({ output.progress(of: $0) })?.isFinished ?? true {
                s.replyStarts.insert(s.next)
            }
            s.lastItem = item
            return s.next
        }
        marked[0] = AudioProbe.marker.0
        marked[1] = AudioProbe.marker.1
        marked[2] = Int16(number)
        let now = MonotonicTime.now()
        state.withLock { $0.enqueued[number] = now }
        return output.enqueue(marked, for: item)
    }

    func interrupt() async -> [PlaybackProgress] { await output.interrupt() }

    func progress(of item: PlaybackItem) -> PlaybackProgress? { output.progress(of: item) }
}
