/// When the console draws, and what.
///
/// No two frames are closer than ``frameInterval`` (30 a second), and that rate is kept for keys and
/// resizes: what the user did is drawn at the next frame. A frame that only the session or the audio asked
/// for (meters, streaming transcript text, new events, clocks) waits until ``sessionInterval`` has passed
/// since the last frame, so a busy call redraws at most 15 times a second: a GPT-Live call moves the
/// meters all the time, and the console's thread is one of the call's main costs.
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
    /// The shortest time between two frames that no key or resize asked for.
    public let sessionInterval: Duration
    private var lastFrame: ContinuousClock.Instant
    private var inputWaiting = false

    /// Creates a pacer whose first frame is due at once.
    public init(frameInterval: Duration = .milliseconds(33), sessionInterval: Duration = .milliseconds(66), now: ContinuousClock.Instant) {
        self.frameInterval = frameInterval
        self.sessionInterval = max(sessionInterval, frameInterval)
        lastFrame = now - self.sessionInterval
    }

    /// A key or a resize was handled: the next full frame should not wait for ``sessionInterval``.
    public mutating func noteInput() {
        inputWaiting = true
    }

    /// The frame to draw now, if one is due.
    ///
    /// - Parameters:
    ///   - needsDisplay: the model asks for a full frame.
    ///   - needsMeterDisplay: the model asks for its meters to be drawn.
    public func due(at now: ContinuousClock.Instant, needsDisplay: Bool, needsMeterDisplay: Bool) -> Frame? {
        let since = now - lastFrame
        guard since >= frameInterval else { return nil }
        if needsDisplay, inputWaiting || since >= sessionInterval { return .full }
        return needsMeterDisplay && since >= sessionInterval ? .meters : nil
    }

    /// Records a frame that was drawn.
    public mutating func drew(_ frame: Frame, at now: ContinuousClock.Instant) {
        lastFrame = now
        if frame == .full { inputWaiting = false }
    }

    /// How long until a frame that is waiting becomes due; nil when the model asks for none.
    public func delay(at now: ContinuousClock.Instant, needsDisplay: Bool, needsMeterDisplay: Bool) -> Duration? {
        guard needsDisplay || needsMeterDisplay else { return nil }
        let next = lastFrame + (needsDisplay && inputWaiting ? frameInterval : sessionInterval)
        return max(.zero, next - now)
    }
}
