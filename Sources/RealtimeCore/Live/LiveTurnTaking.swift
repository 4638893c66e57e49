/// Who is speaking in a GPT-Live call, read from the transcripts on the session's timeline.
///
/// GPT-Live has no events for turns: no speech started or stopped, no response, no "done". The server
/// decides turn-taking and sends both sides' words as timed transcript deltas, plus a continuous output
/// track that is never silent in frames (silence is sent as audio). So, as the protocol's authors advise,
/// the assistant is speaking while output transcript deltas come, not while audio frames come; a turn is
/// one side's run of words until the other side speaks or the words stop.
///
/// A value fed with transcript deltas and the output track's progress; it returns what changed, and the
/// session turns that into conversation entries, turn metrics and front-end updates.
public struct LiveTurnTaking: Sendable, Equatable {
    /// What changed.
    public enum Action: Sendable, Equatable {
        /// The user began a turn: a new entry.
        case userTurnBegan(entryID: String)
        /// More of the user's words.
        case userText(entryID: String, text: String)
        /// The user's turn ended (the assistant answered, or the user's words stopped).
        case userTurnEnded(entryID: String)
        /// The assistant began a reply: a new entry and a response id for the turn metrics.
        /// `silenceMs` is the gap on the timeline between the end of the user's last words and the reply's
        /// first word, when the reply answers a user turn.
        case replyBegan(entryID: String, responseID: String, silenceMs: Int?)
        /// More of the reply's words.
        case replyText(entryID: String, responseID: String, text: String)
        /// The reply ended; `interrupted` when the user started speaking before its last words.
        case replyEnded(entryID: String, responseID: String, interrupted: Bool)
        /// A reply that had already ended turns out to have been spoken over (the user's words, which the
        /// server transcribes after they are said, began before the reply's last words).
        case replyWasCut(entryID: String)
    }

    /// How much output track without new words ends a reply ([inferred]: no source gives a figure; the
    /// service's transcript deltas come in 200 ms buckets, so 800 ms is four empty buckets).
    public static let replyGapMs = 800
    /// How much timeline without new user words ends the user's turn when no reply follows ([inferred]).
    public static let userGapMs = 1_500

    /// How far the session's timeline has come, in ms: the output track received so far (the server sends
    /// it continuously, paced by the timeline).
    public private(set) var timelineMs = 0

    private struct Turn: Sendable, Equatable {
        var entryID: String
        var responseID: String
        var lastEndMs: Int
    }

    private var user: Turn?
    private var reply: Turn?
    private var lastReply: Turn?
    private var lastUserEndMs: Int?
    private var answeredUserEndMs: Int?
    private var count = 0

    /// Creates a fresh call.
    public init() {}

    /// True while the assistant's words are coming.
    public var assistantSpeaking: Bool { reply != nil }
    /// True while the user's words are coming.
    public var userSpeaking: Bool { user != nil }
    /// The reply under way: its entry and response ids.
    public var currentReply: (entryID: String, responseID: String)? { reply.map { ($0.entryID, $0.responseID) } }

    /// A piece of the user's transcript.
    public mutating func inputTranscript(_ text: String, span: LiveSpan) -> [Action] {
        anchor(span)
        var actions: [Action] = []
        if let open = reply {
            actions.append(.replyEnded(entryID: open.entryID, responseID: open.responseID, interrupted: span.startMs < open.lastEndMs))
            lastReply = open
            reply = nil
        } else if user == nil, let last = lastReply, span.startMs < last.lastEndMs {
            actions.append(.replyWasCut(entryID: last.entryID))
            lastReply = nil
        }
        if user == nil {
            count += 1
            user = Turn(entryID: "live_user_\(count)", responseID: "", lastEndMs: span.endMs)
            actions.append(.userTurnBegan(entryID: "live_user_\(count)"))
        }
        if var open = user {
            open.lastEndMs = max(open.lastEndMs, span.endMs)
            user = open
            lastUserEndMs = open.lastEndMs
            actions.append(.userText(entryID: open.entryID, text: text))
        }
        return actions
    }

    /// A piece of the assistant's transcript.
    public mutating func outputTranscript(_ text: String, span: LiveSpan) -> [Action] {
        anchor(span)
        var actions: [Action] = []
        if let open = user {
            actions.append(.userTurnEnded(entryID: open.entryID))
            user = nil
        }
        if reply == nil {
            count += 1
            var silence: Int?
            if let userEnd = lastUserEndMs, userEnd != answeredUserEndMs {
                silence = max(0, span.startMs - userEnd)
                answeredUserEndMs = userEnd
            }
            let turn = Turn(entryID: "live_reply_\(count)", responseID: "live_response_\(count)", lastEndMs: span.endMs)
            reply = turn
            actions.append(.replyBegan(entryID: turn.entryID, responseID: turn.responseID, silenceMs: silence))
        }
        if var open = reply {
            open.lastEndMs = max(open.lastEndMs, span.endMs)
            reply = open
            actions.append(.replyText(entryID: open.entryID, responseID: open.responseID, text: text))
        }
        return actions
    }

    /// Sets the clock to where the server placed a transcript delta: it comes just before the audio it
    /// belongs to, so the server's timestamp is the truth, and a track whose frames are not exactly the
    /// timeline's length (or frames lost or repeated on the way) cannot drift the clock away from the words.
    private mutating func anchor(_ span: LiveSpan) {
        timelineMs = span.startMs
    }

    /// The output track moved on by `milliseconds`: a reply or a user turn whose words stopped ends.
    public mutating func outputAdvanced(by milliseconds: Int) -> [Action] {
        timelineMs += milliseconds
        var actions: [Action] = []
        if let open = reply, timelineMs > open.lastEndMs + Self.replyGapMs {
            actions.append(.replyEnded(entryID: open.entryID, responseID: open.responseID, interrupted: false))
            lastReply = open
            reply = nil
        }
        if let open = user, reply == nil, timelineMs > open.lastEndMs + Self.userGapMs {
            actions.append(.userTurnEnded(entryID: open.entryID))
            user = nil
        }
        return actions
    }

    /// The session ended (closed, lost or replaced): open turns end, and the next session's timeline starts at 0.
    public mutating func sessionEnded() -> [Action] {
        var actions: [Action] = []
        if let open = user { actions.append(.userTurnEnded(entryID: open.entryID)) }
        if let open = reply { actions.append(.replyEnded(entryID: open.entryID, responseID: open.responseID, interrupted: false)) }
        user = nil
        reply = nil
        lastReply = nil
        lastUserEndMs = nil
        answeredUserEndMs = nil
        timelineMs = 0
        return actions
    }
}
