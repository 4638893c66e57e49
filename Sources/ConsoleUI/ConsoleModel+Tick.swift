import Foundation
import RealtimeCore

extension ConsoleModel {
    /// Advances the clock: sends settings whose debounce has passed, settles push-to-talk, moves the
    /// timeline, and asks for a frame only when something time-dependent on screen changed.
    mutating func tick(_ date: Date) -> [ConsoleEffect] {
        now = date
        var effects: [ConsoleEffect] = []
        if let config = parameters.takeDue(now: now) {
            effects.append(.updateConfig(config))
            needsDisplay = true
        }
        if let talking = pushToTalk.tick(at: now) {
            effects.append(talking ? .beginPushToTalk : .endPushToTalk)
            needsDisplay = true
        }
        if timeline.advance(to: now) { needsDisplay = true }
        if let shown = notice, let posted = noticePostedAt, let lifetime = Self.noticeLifetime(shown.level),
            now.timeIntervalSince(posted) >= lifetime, !quitting
        {
            notice = nil
            needsDisplay = true
        }
        if let since = streamingEventsShownAt, needsDisplay || now.timeIntervalSince(since) >= Self.streamingEventsRefresh {
            streamingEventsShownAt = nil
            needsDisplay = true
        }
        var activity: ActivityTimeline.Slot = []
        if userSpeaking || meters.localSpeech { activity.insert(.user) }
        if assistantResponding || meters.outputAudible { activity.insert(.assistant) }
        if timeline.mark(activity) { needsDisplay = true }
        let shown = [sessionSeconds ?? -1, sessionSecondsLeft ?? -1, endOfTurnCountdown.map { Int($0 * 10) } ?? -1]
        if shown != displayedClock {
            displayedClock = shown
            needsDisplay = true
        }
        return effects
    }

    /// How long the UI may sleep before a tick could change the screen, when ``wantsFrequentTicks`` is false:
    /// until the next second of the session clock or of the time left, the activity strip's next step while
    /// it shows activity, or the next redraw of streaming-event counts, and never longer than `limit`.
    ///
    /// - Parameter limit: the longest delay, in seconds.
    /// - Returns: seconds, at least a millisecond.
    public func idleTickDelay(limit: TimeInterval) -> TimeInterval {
        var deadlines: [Date] = []
        for start in [connectedAt, serverSessionStartedAt].compactMap({ $0 }) {
            let elapsed = now.timeIntervalSince(start)
            deadlines.append(start.addingTimeInterval(elapsed.rounded(.down) + 1))
        }
        if timeline.hasActivity { deadlines.append(timeline.nextSlotStart) }
        if let since = streamingEventsShownAt { deadlines.append(since.addingTimeInterval(Self.streamingEventsRefresh)) }
        let next = deadlines.min().map { $0.timeIntervalSince(now) } ?? limit
        return min(limit, max(0.001, next))
    }

    /// True while the clock times a key, so that ticks must come at the key frame rate: an edit waits for
    /// its debounce, or push-to-talk is settling.
    public var timesKey: Bool {
        parameters.sendAt != nil || pushToTalk.isSettling
    }

    /// True when the clock should be advanced at the frame rate rather than a few times a second: a frame
    /// is due, an edit waits for its debounce, push-to-talk is settling, the end-of-turn countdown runs,
    /// the speaker meter is watched (the speaker's level is sampled at every tick), or someone speaks into
    /// the microphone (its level changes with nearly every frame, and is taken at the next tick instead of
    /// waking the console for each one).
    public var wantsFrequentTicks: Bool {
        needsDisplay || needsMeterDisplay || timesKey || endOfTurnCountdown != nil || watchesSpeaker || userSpeaking || meters.localSpeech
    }

    /// A reply is under way, the speaker is audible, or a reply ended less than ``speakerWatchAfterReply`` ago.
    var watchesSpeaker: Bool {
        if assistantResponding || meters.outputAudible { return true }
        guard let ended = replyEndedAt else { return false }
        return now.timeIntervalSince(ended) < Self.speakerWatchAfterReply
    }

    /// Under server VAD, while the server hears the user and the microphone has gone quiet: the seconds
    /// of silence left before the server ends the turn (an estimate from the local level).
    public var endOfTurnCountdown: TimeInterval? {
        guard userSpeaking, case .serverVAD(let vad) = parameters.confirmed.turnDetection, let quiet = meters.quietSince else { return nil }
        return max(0, Double(vad.silenceDurationMs) / 1000 - now.timeIntervalSince(quiet))
    }
}
