import Foundation
import RealtimeCore

/// Everything the console shows, as a plain value. `handle(_:)` is the reducer: it applies one action
/// (a session update, a key, a tick of the frame clock…) and returns what the application must do.
///
/// The model never performs I/O and never reads the clock: time arrives with `.tick`, so every state,
/// and every screen rendered from it, can be reproduced in a test.
public struct ConsoleModel: Sendable {
    /// What the header says about the call.
    public var call: CallInfo
    /// When the console started (timestamps in the transcript count from here).
    public let startedAt: Date
    /// The time of the last tick.
    public internal(set) var now: Date
    /// The session's connection.
    public internal(set) var connection: ConnectionState = .connecting
    /// When the connection opened (the session clock counts from here).
    public internal(set) var connectedAt: Date?
    /// When the current server session began: the first connection, or the last rollover or reconnection
    /// that brought a new session id (the time left before the server's limit counts from here).
    public internal(set) var serverSessionStartedAt: Date?
    /// GPT-Live: billable seconds of the call so far.
    public internal(set) var liveSeconds: Int?
    /// GPT-Live: how full the model's context is, 0…1.
    public internal(set) var contextRatio: Double?
    /// A message typed while the call was not connected: sent when it is connected again.
    public internal(set) var pendingMessage: String?
    /// When the server said the current session expires (GPT-Live's `expires_at`); else the limit counts from the start.
    public internal(set) var sessionExpiresAt: Date?
    /// The id of the current server session.
    var serverSessionID: String?
    /// The conversation, in the order entries appeared.
    public internal(set) var entries: [ConversationEntry] = []
    var entryIndex: [String: Int] = [:]
    /// The server's VAD says the user is speaking.
    public internal(set) var userSpeaking = false
    /// A reply is in progress.
    public internal(set) var assistantResponding = false
    /// The microphone and speaker meters.
    public internal(set) var meters = MeterState()
    /// Who spoke when, with the barge-ins.
    public internal(set) var timeline: ActivityTimeline
    /// The settings panel.
    public var parameters: ParameterPanel
    /// The event inspector's list.
    public var events = EventLog()
    /// The metrics of the last finished response.
    public internal(set) var lastTurn: TurnMetrics?
    /// Responses finished in this call.
    public internal(set) var turnCount = 0
    /// Tokens used in this call.
    public internal(set) var totalUsage = Usage()
    /// What this call cost in US dollars, when the model's prices are known.
    public internal(set) var totalCost: Double?
    /// The microphone is muted.
    public internal(set) var muted = false
    /// The output volume, 0…1.5 (1 = as received).
    public internal(set) var volume = 1.0
    /// The space bar's push-to-talk state.
    public internal(set) var pushToTalk = PushToTalk()
    /// Whether there is a microphone and a speaker.
    public internal(set) var audio: AudioStatus
    /// The latest notice.
    public internal(set) var notice: Notice?
    /// When the latest notice was posted.
    var noticePostedAt: Date?
    /// Every message of the call, oldest first (at most ``messageLogLimit``), for the `n` overlay: the
    /// message line shows only the latest, cut to the screen's width.
    public internal(set) var messageLog: [LoggedMessage] = []
    /// The longest ``messageLog`` kept.
    static let messageLogLimit = 500
    /// The pane that gets the arrow keys.
    public var focus: Focus = .transcript
    /// Lines scrolled back from the end of the transcript (0 follows new text).
    public var transcriptScroll = 0
    /// The box open over the panes, if any.
    public var overlay: Overlay?
    /// The line being typed, if any.
    public var textEntry: TextEntry?
    /// The terminal's size.
    public internal(set) var width: Int
    public internal(set) var height: Int
    /// Unicode or ASCII symbols, as the terminal can show.
    public var glyphs: GlyphSet = .unicode
    /// True once the person asked to quit (the session is being saved).
    public internal(set) var quitting = false
    /// What the last frame's layout found (set by whoever renders).
    public var layout = LayoutFacts()
    /// True when something visible changed since the last frame; whoever draws resets it.
    public var needsDisplay = true
    /// True when the meters changed since the last frame (and nothing else, unless ``needsDisplay`` is
    /// set too): ``ConsoleRenderer/renderMeters(_:onto:facts:)`` can redraw just them. Whoever draws resets it.
    public var needsMeterDisplay = false
    /// The transcript's wrapped lines, kept between frames.
    let transcriptLines = TranscriptLineCache()
    /// What time-dependent parts of the screen showed last (to redraw only when they change).
    var displayedClock: [Int] = []
    /// Since when streaming events (appends, deltas) have been counted in the inspector but not drawn;
    /// their rows are redrawn at most ``streamingEventsRefresh`` apart, not for every event.
    var streamingEventsShownAt: Date?
    /// How long counts of streaming events may wait to be drawn.
    static let streamingEventsRefresh: TimeInterval = 0.5
    /// When the last reply ended: the speaker is watched at the frame rate for ``speakerWatchAfterReply``
    /// more, since its audio (or speech synthesised from its text) may still be starting.
    var replyEndedAt: Date?
    /// How long the speaker is watched at the frame rate after a reply ends.
    static let speakerWatchAfterReply: TimeInterval = 1

    /// The smallest terminal the console is fully usable in.
    public static let minimumSize = (width: 60, height: 20)

    /// Creates the model for a call that starts now.
    public init(call: CallInfo, config: SessionConfig, audio: AudioStatus, width: Int = 100, height: Int = 30, now: Date) {
        self.call = call
        startedAt = now
        self.now = now
        self.audio = audio
        self.width = width
        self.height = height
        parameters = ParameterPanel(config: config, dialect: call.dialect, api: call.api, delegation: call.liveDelegation)
        timeline = ActivityTimeline(start: now)
        if call.isLocalSimulator { log(Notice(.info, HeaderView.simulatorBanner)) }
        switch audio {
        case .off(let reason): log(Notice(.info, "Audio off: \(reason)"))
        case .speakerOnly(let reason): log(Notice(.warning, "Microphone off: \(reason)"))
        case .live, .interrupted: break
        }
    }

    /// True when the terminal is smaller than `minimumSize`.
    public var isTooSmall: Bool { width < Self.minimumSize.width || height < Self.minimumSize.height }

    /// True while the key help covers the screen.
    public var isShowingHelp: Bool {
        if case .help = overlay { return true }
        return false
    }

    /// Applies one action.
    ///
    /// - Returns: what the application must do, in order.
    public mutating func handle(_ action: ConsoleAction) -> [ConsoleEffect] {
        switch action {
        case .session(.event(let record)) where EventLog.isStreaming(record.type):
            events.append(record)
            streamingEventsShownAt = streamingEventsShownAt ?? now
        case .session(let update):
            needsDisplay = true
            return apply(update)
        case .key(let key):
            needsDisplay = true
            return press(key)
        case .tick(let date):
            return tick(date)
        case .resize(let newWidth, let newHeight):
            width = max(0, newWidth)
            height = max(0, newHeight)
            needsDisplay = true
        case .microphone(let level, let speechLikely):
            if meters.microphone(level, speechLikely: speechLikely, now: now) { needsMeterDisplay = true }
        case .speaker(let level):
            if meters.speaker(level) { needsMeterDisplay = true }
        case .audio(let status):
            guard status != audio else { break }
            audio = status
            switch status {
            case .off(let reason): log(Notice(.warning, "Audio off: \(reason)"))
            case .interrupted(let reason): log(Notice(.warning, "Audio interrupted: \(reason)"))
            case .speakerOnly(let reason): log(Notice(.warning, "Microphone off: \(reason)"))
            case .live: log(Notice(.info, "Audio is back"))
            }
            needsDisplay = true
        case .notice(let notice):
            post(notice)
        case .quit(let reason):
            return quit(reason)
        }
        return []
    }

    /// Shows a notice in the message line.
    mutating func post(_ notice: Notice) {
        self.notice = notice
        noticePostedAt = now
        log(notice)
        needsDisplay = true
    }

    /// Keeps a message for the `n` overlay, without showing it in the message line.
    private mutating func log(_ notice: Notice) {
        messageLog.append(LoggedMessage(time: now, notice: notice))
        if messageLog.count > Self.messageLogLimit { messageLog.removeFirst(messageLog.count - Self.messageLogLimit) }
    }

    /// How long a notice stays in the message line: information and warnings go stale, errors stay until
    /// another message replaces them (they may explain why the call stopped).
    static func noticeLifetime(_ level: Notice.Level) -> TimeInterval? {
        switch level {
        case .info: 10
        case .warning: 20
        case .error: nil
        }
    }

    /// Starts quitting (once).
    mutating func quit(_ reason: String) -> [ConsoleEffect] {
        guard !quitting else { return [] }
        quitting = true
        overlay = nil
        textEntry = nil
        pushToTalk.reset()
        post(Notice(.info, "\(reason): saving the session…"))
        return [.quit]
    }

    /// Seconds since the connection opened.
    public var sessionSeconds: Int? {
        connectedAt.map { max(0, Int(now.timeIntervalSince($0))) }
    }

    /// Seconds left before the server's limit ends the current server session (a rollover starts a new one).
    public var sessionSecondsLeft: Int? {
        if let sessionExpiresAt { return max(0, Int(sessionExpiresAt.timeIntervalSince(now))) }
        return serverSessionStartedAt.map { max(0, Int(call.sessionLimit.components.seconds) - Int(now.timeIntervalSince($0))) }
    }
}
