import Foundation

/// Push-to-talk on the space bar, as a hold or as a toggle, from key presses alone.
///
/// Terminals report no key releases, only presses and the keyboard's auto-repeat. So: a press starts
/// talking. Another press while talking might be a second tap (stop) or the first auto-repeat of a held
/// key; it is settled by waiting `repeatGap`: if more presses follow that quickly the key is held, and
/// talking stops `releaseGap` after the repeats stop; if none follow it was a tap, and talking stops.
/// Repeats that trail a stop are ignored, so holding the key to end a toggled turn does not start a new one.
public struct PushToTalk: Sendable, Equatable {
    /// What push-to-talk is doing.
    public enum Phase: Sendable, Equatable {
        /// Not talking.
        case off
        /// Talking after a tap; the next tap stops.
        case toggled
        /// Talking while the key is held (repeats keep coming).
        case held
        /// A press arrived while talking: a tap (stop) or the first repeat of a hold, not known yet.
        case deciding
    }

    /// Presses closer together than this are auto-repeats of a held key.
    public static let repeatGap: Duration = .milliseconds(150)
    /// A held key counts as released when no repeat came for this long.
    public static let releaseGap: Duration = .milliseconds(300)
    /// After a stop, a press this soon may be a trailing auto-repeat (the keyboard's first repeat comes after ~0.5 s).
    public static let trailingRepeatWindow: Duration = .milliseconds(700)

    public private(set) var phase: Phase = .off
    private var lastPress: Date?
    private var stoppedAt: Date?
    private var ignoringRepeats = false
    private var startPending = false

    /// Creates push-to-talk in the off state.
    public init() {}

    /// True while the microphone turn is open.
    public var isTalking: Bool { phase != .off }

    /// True while ``tick(at:)`` may change something soon (a press to settle, a held key to release).
    public var isSettling: Bool { phase == .deciding || phase == .held || startPending }

    /// A space press.
    ///
    /// - Returns: `true` to start talking, `false` to stop, nil for no change now.
    public mutating func press(at now: Date) -> Bool? {
        defer { lastPress = now }
        let gap = lastPress.map { now.timeIntervalSince($0) } ?? .infinity
        switch phase {
        case .off:
            if ignoringRepeats, gap < Self.seconds(Self.releaseGap) { return nil }
            ignoringRepeats = false
            if startPending, gap < Self.seconds(Self.repeatGap) {
                startPending = false
                ignoringRepeats = true
                return nil
            }
            if let stoppedAt, now.timeIntervalSince(stoppedAt) < Self.seconds(Self.trailingRepeatWindow), !startPending {
                startPending = true
                return nil
            }
            startPending = false
            phase = .toggled
            return true
        case .toggled:
            phase = .deciding
            return nil
        case .deciding:
            phase = gap < Self.seconds(Self.repeatGap) ? .held : .deciding
            return nil
        case .held:
            return nil
        }
    }

    /// The passing of time: settles undecided presses and notices a released key.
    ///
    /// - Returns: `true` to start talking, `false` to stop, nil for no change.
    public mutating func tick(at now: Date) -> Bool? {
        guard let lastPress else { return nil }
        let quiet = now.timeIntervalSince(lastPress)
        switch phase {
        case .deciding where quiet >= Self.seconds(Self.repeatGap), .held where quiet >= Self.seconds(Self.releaseGap):
            phase = .off
            stoppedAt = now
            return false
        case .off where startPending && quiet >= Self.seconds(Self.repeatGap):
            startPending = false
            stoppedAt = nil
            phase = .toggled
            return true
        default:
            return nil
        }
    }

    /// Stops at once (the session refused, or the call is ending).
    public mutating func reset() {
        phase = .off
        startPending = false
        ignoringRepeats = false
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
