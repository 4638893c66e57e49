import Foundation

/// What the simulator says when no scenario scripts the words. Deterministic, and documented in docs/simulator.md.
enum ReplyScript {
    /// The closing sentence of the default replies.
    static let signature = "This is the rtconsole simulator."

    /// The reply to a user text message (or a scripted transcript): "You said: <text>. This is the rtconsole simulator."
    static func echo(_ text: String) -> String {
        var quoted = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if quoted.count > 200 { quoted = String(quoted.prefix(200)) + "…" }
        if quoted.isEmpty { return "You said nothing. \(signature)" }
        let ends = quoted.last.map { ".!?…".contains($0) } ?? false
        return "You said: \(quoted)\(ends ? "" : ".") \(signature)"
    }

    /// The reply to user audio: "I heard 1.4 seconds of speech. This is the rtconsole simulator."
    static func heard(milliseconds: Int) -> String {
        "I heard \(seconds(milliseconds)) seconds of speech. \(signature)"
    }

    /// The reply after a function call's output: "The function get_weather returned {…}."
    static func functionResult(name: String, output: String) -> String {
        var shown = output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if shown.count > 120 { shown = String(shown.prefix(120)) + "…" }
        return "The function \(name) returned \(shown)."
    }

    /// What a reasoning model says before its answer.
    static let preamble = "Let me think."

    /// What a reasoning model says before it calls a tool.
    static let toolPreamble = "Let me check that."

    /// What a GPT-Live voice says when it delegates a task.
    static let delegationAcknowledgement = "One moment."

    /// What a GPT-Live voice says with a Decisions result when the scenario scripts no reply.
    static let decisionResult = "The decision is in."

    /// The reply when the idle timeout fires.
    static let idlePrompt = "Are you still there? \(signature)"

    /// The reply to a response with no new user input (a greeting).
    static let greeting = "Hello! \(signature) How can I help?"

    /// The placeholder transcript of user audio when the scenario scripts none: "(speech, 1.4 s)".
    static func placeholderTranscript(milliseconds: Int) -> String {
        "(speech, \(seconds(milliseconds)) s)"
    }

    private static func seconds(_ milliseconds: Int) -> String {
        String(format: "%.1f", Double(milliseconds) / 1000)
    }
}
