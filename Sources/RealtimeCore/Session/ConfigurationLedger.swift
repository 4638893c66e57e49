import Foundation

/// The one record of a session's configuration: what the person asked for, what the server confirmed,
/// which changes are still on their way, and which settings cannot change and why.
///
/// A value that takes edits and server answers and returns what to send; the session performs that, and
/// publishes the ledger itself to front ends, which render it (the settings panel keeps no copy of its own).
public struct ConfigurationLedger: Sendable, Equatable {
    /// A setting that can be locked for the rest of a session.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case model, voice, temperature, reasoning
    }

    /// An edit, as it will reach the server.
    public struct Edit: Sendable, Equatable {
        /// The partial session to send, or nil when nothing sendable changed.
        public var session: SessionObject?
        /// Changes that are not sent, with the reason.
        public var skipped: [SessionConfig.Skipped]
    }

    /// The reason a voice cannot change any more.
    public static let voiceLockedReason = "the voice cannot change once the assistant has spoken in this session; it applies to the next session"
    /// The reason the model cannot change.
    public static let modelLockedReason = "the model of a live session cannot change; it applies to the next session"
    /// The reason temperature is not sent under GA.
    public static let temperatureUnderGAReason = "GA models have none; it is sent only to beta-dialect servers"

    /// The dialect the configuration is encoded in.
    public let dialect: Dialect
    /// The configuration asked for: confirmed plus changes in flight.
    public private(set) var desired: SessionConfig
    /// The configuration the server has confirmed.
    public private(set) var confirmed: SessionConfig
    /// The `event_id`s of the `session.update`s the server has not answered yet, oldest first.
    public private(set) var pendingEventIDs: [String] = []
    /// Settings that cannot change now, with the reason.
    public private(set) var locks: [Setting: String]
    /// The update sent right after the session was created: its confirmation is not a change of the call.
    private var initialEventID: String?

    /// Creates a ledger for a session that starts with `config`.
    public init(config: SessionConfig, dialect: Dialect) {
        self.dialect = dialect
        desired = config
        confirmed = config
        locks = [.model: Self.modelLockedReason]
        if dialect == .ga { locks[.temperature] = Self.temperatureUnderGAReason }
        if let reason = Self.reasoningUnavailable(model: config.model, dialect: dialect) { locks[.reasoning] = reason }
    }

    /// Why a model takes no reasoning effort, or nil when it does (or is not in the catalog, and may).
    public static func reasoningUnavailable(model: String, dialect: Dialect) -> String? {
        let reasoning = ModelCatalog.reasoningModelList
        guard dialect == .ga else { return "the beta dialect has no reasoning; it applies to \(reasoning)" }
        guard let info = ModelCatalog.model(model), !info.reasons else { return nil }
        return "\(model) does not reason; reasoning applies to \(reasoning)"
    }

    /// Why a setting cannot change now, or nil when it can.
    public func lockReason(_ setting: Setting) -> String? { locks[setting] }

    /// True from sending a change until the server confirms or rejects it.
    public var isAwaitingServer: Bool { !pendingEventIDs.isEmpty }

    /// A new configuration asked for: returns the one `session.update` that moves the server there.
    ///
    /// Locked settings keep their value in ``desired`` and are reported as skipped.
    public mutating func edit(_ config: SessionConfig) -> Edit {
        let update = config.update(from: desired, dialect: dialect, voiceLocked: locks[.voice] != nil)
        var applied = config
        for skipped in update.skipped {
            switch skipped.field {
            case Setting.voice.rawValue: applied.voice = desired.voice
            case Setting.model.rawValue: applied.model = desired.model
            default: break
            }
        }
        desired = applied
        return Edit(session: update.session, skipped: update.skipped)
    }

    /// A `session.update` went out with this `event_id`.
    public mutating func sent(eventID: String) {
        pendingEventIDs.append(eventID)
    }

    /// The server created a session: it now holds what it reported, and the returned update asks for the rest.
    ///
    /// The model is left out of the update: the URL fixes it, and naming it again can only be refused.
    public mutating func sessionCreated(_ session: SessionObject) -> SessionObject {
        confirmed = SessionConfig()
        confirmed.apply(session)
        pendingEventIDs.removeAll()
        var initial = desired.sessionObject(for: dialect)
        initial.model = nil
        return initial
    }

    /// The update sent by ``sessionCreated(_:)`` went out with this `event_id`.
    public mutating func sentInitialUpdate(eventID: String) {
        initialEventID = eventID
        sent(eventID: eventID)
    }

    /// What the server's `session.updated` settled.
    public struct Confirmation: Sendable, Equatable {
        /// The client update it answers, if one was pending.
        public var eventID: String?
        /// What changed for a person reading the record, nil when nothing did or it was the initial update.
        public var change: String?
    }

    /// The server confirmed a configuration. Updates are answered in order, so it settles the oldest pending one.
    public mutating func serverConfirmed(_ session: SessionObject) -> Confirmation {
        let before = confirmed
        confirmed.apply(session)
        let eventID = pendingEventIDs.isEmpty ? nil : pendingEventIDs.removeFirst()
        if pendingEventIDs.isEmpty { desired = confirmed }
        let initial = eventID != nil && eventID == initialEventID
        if initial { initialEventID = nil }
        return Confirmation(eventID: eventID, change: initial ? nil : Self.describeChange(from: before, to: confirmed))
    }

    /// The server refused the update with this `event_id`: what was asked falls back to what is confirmed.
    ///
    /// - Returns: false when the error was not about a pending update of this ledger.
    public mutating func serverRejected(eventID: String) -> Bool {
        guard let index = pendingEventIDs.firstIndex(of: eventID) else { return false }
        pendingEventIDs.remove(at: index)
        if eventID == initialEventID { initialEventID = nil }
        desired = confirmed
        return true
    }

    /// The assistant produced audio: the voice is fixed from now on.
    ///
    /// - Returns: true when this locked the voice.
    public mutating func assistantSpoke() -> Bool {
        guard locks[.voice] == nil else { return false }
        locks[.voice] = Self.voiceLockedReason
        return true
    }

    /// The connection went away: nothing sent is pending any more.
    public mutating func connectionLost() {
        pendingEventIDs.removeAll()
        initialEventID = nil
    }

    /// A one-line description of what changed between two configurations, or nil when nothing did.
    public static func describeChange(from old: SessionConfig, to new: SessionConfig) -> String? {
        var parts: [String] = []
        if old.voice != new.voice { parts.append("voice \(old.voice) → \(new.voice)") }
        if old.temperature != new.temperature { parts.append("temperature \(old.temperature) → \(new.temperature)") }
        if old.outputModality != new.outputModality { parts.append("output \(old.outputModality.rawValue) → \(new.outputModality.rawValue)") }
        if old.turnDetection != new.turnDetection { parts.append("turn detection → \(TurnDetection.describe(new.turnDetection))") }
        if old.speed != new.speed { parts.append("speed \(old.speed) → \(new.speed)") }
        if old.instructions != new.instructions { parts.append("instructions changed") }
        if old.transcription != new.transcription { parts.append("transcription → \(new.transcription?.model ?? "off")") }
        if old.noiseReduction != new.noiseReduction { parts.append("noise reduction → \(new.noiseReduction?.rawValue ?? "off")") }
        if old.tools != new.tools { parts.append("tools changed") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
