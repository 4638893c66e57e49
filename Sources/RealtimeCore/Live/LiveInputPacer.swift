/// The rule that keeps a GPT-Live session's input flowing: the session's timeline moves only while input
/// audio arrives, so from start to close the client sends audio at least as fast as real time, silence
/// included. The pacer counts what was sent and says how much silence is owed when the microphone (or a
/// file) has nothing to send.
public struct LiveInputPacer: Sendable, Equatable {
    /// Samples (24 kHz) sent so far.
    public private(set) var sentSamples = 0
    /// The largest silence sent at once (100 ms, as the service's clients send), so that speech that
    /// comes next is not queued behind a long block.
    public let chunkSamples: Int

    /// Creates a pacer for a session that starts now.
    public init() {
        chunkSamples = PCM.sampleRate / 10
    }

    /// Counts samples that were sent.
    public mutating func sent(_ samples: Int) {
        sentSamples += samples
    }

    /// The silence owed after `elapsed` of session time, in chunks of at most ``chunkSamples``: what keeps
    /// the input level with the clock. Empty while the input is ahead.
    public func silenceOwed(after elapsed: Duration) -> [Int] {
        let due = elapsed.sampleCount
        var owed = due - sentSamples
        var chunks: [Int] = []
        while owed > 0 {
            let chunk = min(owed, chunkSamples)
            chunks.append(chunk)
            owed -= chunk
        }
        return chunks
    }
}
