/// When the console draws, and what.
///
/// No two frames are closer than ``frameInterval`` (30 a second). Meters may use every frame. A full
/// frame that only the session asked for (streaming transcript text, new events, clocks) waits until
/// ``streamingInterval`` has passed since the last full frame, so a busy reply redraws the whole screen
/// 15 times a second while the meters keep moving at 30; a key or a resize gets the next frame.
public struct FramePacer: Sendable {
    /// What to draw.
    public enum Frame: Sendable, Equatable {
        /// The whole screen from the model.
        case full
        /// Only the meters, over the last full frame.
        case meters
    }

    /// The shortest time between two frames.
    public let frameInterval: Duration
    /// The shortest time between two full frames that no key or resize asked for.
    public let streamingInterval: Duration
    private var lastFrame: ContinuousClock.Instant
    private var lastFullFrame: ContinuousClock.Instant
    private var inputWaiting = false

    /// Creates a pacer whose first frame is due at once.
    public init(frameInterval: Duration = .milliseconds(33), streamingInterval: Duration = .milliseconds(66), now: ContinuousClock.Instant) {
        self.frameInterval = frameInterval
        self.streamingInterval = streamingInterval
        lastFrame = now - streamingInterval - frameInterval
        lastFullFrame = lastFrame
    }

    /// A key or a resize was handled: the next full frame should not wait for ``streamingInterval``.
    public mutating func noteInput() {
        inputWaiting = true
    }

    /// The frame to draw now, if one is due.
    ///
    /// - Parameters:
    ///   - needsDisplay: the model asks for a full frame.
    ///   - needsMeterDisplay: the model asks for its meters to be drawn.
    public func due(at now: ContinuousClock.Instant, needsDisplay: Bool, needsMeterDisplay: Bool) -> Frame? {
        guard now - lastFrame >= frameInterval else { return nil }
        if needsDisplay, inputWaiting || now - lastFullFrame >= streamingInterval { return .full }
        return needsMeterDisplay ? .meters : nil
    }

    /// Records a frame that was drawn.
    public mutating func drew(_ frame: Frame, at now: ContinuousClock.Instant) {
        lastFrame = now
        if frame == .full {
            lastFullFrame = now
            inputWaiting = false
        }
    }

    /// How long until a frame that is waiting becomes due; nil when the model asks for none.
    public func delay(at now: ContinuousClock.Instant, needsDisplay: Bool, needsMeterDisplay: Bool) -> Duration? {
        var next: ContinuousClock.Instant?
        if needsMeterDisplay { next = lastFrame + frameInterval }
        if needsDisplay {
            let full = inputWaiting ? lastFrame + frameInterval : max(lastFrame + frameInterval, lastFullFrame + streamingInterval)
            next = min(next ?? full, full)
        }
        return next.map { max(.zero, $0 - now) }
    }
}
