import Foundation

/// What a session tells its front ends, in order, as things happen.
///
/// The large payloads (an entry, the configuration ledger, a turn's metrics, the totals) are boxed: an update is then
/// the size of an event record rather than of the ledger (600 bytes), and the queues that carry a burst of
/// updates (a replayed conversation sends thousands at once) stay a few hundred kilobytes.
public enum SessionUpdate: Sendable, Equatable {
    /// The connection changed state.
    case connection(ConnectionState)
    /// An event crossed the wire (audio elided, secrets redacted).
    case event(EventRecord)
    /// An entry of the conversation appeared or changed.
    indirect case entry(ConversationEntry)
    /// An entry was removed (deleted on the server).
    case entryRemoved(id: String)
    /// The server's VAD saw the user start (true) or stop (false) speaking.
    case userSpeaking(Bool)
    /// The assistant's reply started (true) or ended (false).
    case assistantResponding(Bool)
    /// The user cut the assistant off: the item and how much of it was heard.
    case bargeIn(itemID: String?, heardMilliseconds: Int?)
    /// The configuration changed: asked for, confirmed, pending or locked.
    indirect case configuration(ConfigurationLedger)
    /// A configuration change the server rejected (and that was reverted), with its message.
    case configurationRejected(field: String?, message: String)
    /// Changes that were not sent, with the reason (temperature under GA, voice after audio).
    case configurationSkipped([SessionConfig.Skipped])
    /// A response finished: its timings, usage and cost.
    indirect case turn(TurnMetrics)
    /// The server's session expires at this time (GPT-Live's `expires_at`): the time-left clock counts to it.
    case sessionExpiry(Date)
    /// GPT-Live: billable seconds of the call so far and how full the model's context is (0…1).
    case sessionTime(seconds: Int, contextRatio: Double?)
    /// GPT-Live: the delegation the server confirmed (at start and after each accepted `session.update`).
    case liveDelegation(LiveDelegation)
    /// Session totals changed.
    indirect case totals(usage: Usage, cost: Double?)
    /// A line for the status area: information, a warning, or an error (with the server's message).
    case notice(Notice)
}

/// A message for the person at the console.
public struct Notice: Sendable, Equatable, CustomStringConvertible {
    /// How much it matters.
    public enum Level: String, Sendable, Equatable {
        case info, warning, error
    }

    public var level: Level
    public var text: String

    /// Creates a notice (redacted of secrets).
    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = SecretRedactor.shared.redact(text)
    }

    public var description: String { "\(level.rawValue): \(text)" }
}
