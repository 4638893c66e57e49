/// Identifies one piece of assistant audio: the content part of a conversation item it belongs to.
public struct PlaybackItem: Hashable, Sendable, CustomStringConvertible {
    /// The conversation item id (`item_…`).
    public var itemID: String
    /// The content index inside the item (0 for a normal audio reply).
    public var contentIndex: Int

    /// Creates a key for the audio of one item's content part.
    public init(itemID: String, contentIndex: Int = 0) {
        self.itemID = itemID
        self.contentIndex = contentIndex
    }

    public var description: String { "\(itemID)#\(contentIndex)" }
}

/// How far the playback of one item has come.
public struct PlaybackProgress: Sendable, Equatable {
    /// The item this progress describes.
    public var item: PlaybackItem
    /// Milliseconds of this item handed to the output so far.
    public var receivedMilliseconds: Int
    /// Milliseconds of this item the listener has actually heard (left the speaker).
    public var heardMilliseconds: Int
    /// When the first sample of this item became audible, if it has.
    public var firstAudibleAt: ContinuousClock.Instant?

    /// Creates a progress record.
    public init(item: PlaybackItem, receivedMilliseconds: Int, heardMilliseconds: Int, firstAudibleAt: ContinuousClock.Instant?) {
        self.item = item
        self.receivedMilliseconds = receivedMilliseconds
        self.heardMilliseconds = heardMilliseconds
        self.firstAudibleAt = firstAudibleAt
    }

    /// True when everything received for this item has been heard.
    public var isFinished: Bool { heardMilliseconds >= receivedMilliseconds }
}

/// What the session needs from whatever plays assistant audio (PulseAudio, a WAV file, nothing).
///
/// Implementations must be safe to call from any thread and must never block: `enqueue` only queues,
/// `interrupt` stops at once and reports what was heard when the device has been flushed, without
/// holding up the caller's thread meanwhile.
public protocol AudioPlayback: AnyObject, Sendable {
    /// Queues 24 kHz mono PCM16 samples of an assistant item for playback.
    ///
    /// - Returns: how long until the first of these samples is heard: the audio queued before them plus
    ///   the device's latency (the call recorder places the assistant's audio by it).
    @discardableResult
    func enqueue(_ samples: [Int16], for item: PlaybackItem) -> Duration

    /// Stops playback at once and discards everything queued.
    ///
    /// - Returns: the progress of every item that had audio queued or playing and was not fully heard,
    ///   with `heardMilliseconds` clamped to `0...receivedMilliseconds`.
    func interrupt() async -> [PlaybackProgress]

    /// The progress of one item, or nil if this output never received audio for it.
    func progress(of item: PlaybackItem) -> PlaybackProgress?

    /// Asks to be told when the device goes away in the middle of items (the sound server died): each
    /// item is then frozen at what had been heard, its queued audio dropped, and `handler` gets their
    /// progress once (on the output's own thread). Later interrupts do not report them again.
    func onAudioLost(_ handler: @escaping @Sendable ([PlaybackProgress]) -> Void)
}

extension AudioPlayback {
    /// Outputs whose device cannot go away (a file, nothing) never call the handler.
    public func onAudioLost(_ handler: @escaping @Sendable ([PlaybackProgress]) -> Void) {}
}
