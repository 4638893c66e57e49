import Foundation
import RealtimeCore

/// The settings panel: what the server confirmed, what the person is editing, and why a value is not applied.
///
/// Edits change `draft` at once and are sent as one configuration `debounce` after the last key, so holding
/// an arrow key produces one `session.update`, not twenty.
public struct ParameterPanel: Sendable, Equatable {
    /// A line shown under a field: a rejection, a value that was not sent, or a reason it cannot change.
    public struct Message: Sendable, Equatable {
        public var level: Notice.Level
        public var text: String
    }

    /// How long after the last edit the change is sent.
    public static let debounce: Duration = .milliseconds(400)
    /// The transcription models offered by ←/→ (Enter types any other).
    public static let transcriptionModels = ["gpt-4o-mini-transcribe", "gpt-4o-transcribe", "whisper-1"]
    /// Why temperature is shown as not applicable under GA.
    public static let temperatureUnderGA = "GA models have none; it is sent only to beta-dialect servers"

    public let dialect: Dialect
    /// The configuration the server confirmed last.
    public private(set) var confirmed: SessionConfig
    /// The configuration the panel shows: confirmed plus edits not yet confirmed.
    public private(set) var draft: SessionConfig
    /// The row with the cursor.
    public var selected: ParameterField = .voice
    /// When the pending edits will be sent; nil when nothing waits.
    public private(set) var sendAt: Date?
    /// True from sending a change until the server confirms or rejects it.
    public private(set) var awaitingServer = false
    /// True once the assistant has spoken: the service refuses voice changes from then on.
    public private(set) var voiceLocked = false
    /// Messages per field.
    public private(set) var messages: [ParameterField: Message] = [:]
    private var lastServerVAD: TurnDetection.ServerVAD
    private var lastSemanticVAD: TurnDetection.SemanticVAD

    /// Creates the panel for a session's starting configuration.
    public init(config: SessionConfig, dialect: Dialect) {
        self.dialect = dialect
        confirmed = config
        draft = config
        lastServerVAD = TurnDetection.ServerVAD()
        lastSemanticVAD = TurnDetection.SemanticVAD()
        remember(config.turnDetection)
    }

    // MARK: Reading

    /// Why a field cannot be changed now, or nil when it can.
    public func inapplicableReason(_ field: ParameterField) -> String? {
        switch field {
        case .temperature where dialect == .ga:
            return Self.temperatureUnderGA
        case .eagerness:
            if case .semanticVAD = draft.turnDetection { return nil }
            return "eagerness applies to semantic VAD only; set Turn detection to semantic VAD first"
        case .threshold, .prefixPadding, .silenceDuration:
            if case .serverVAD = draft.turnDetection { return nil }
            return "\(field.title.lowercased()) applies to server VAD only; set Turn detection to server VAD first"
        default:
            return nil
        }
    }

    /// The value as the panel shows it.
    public func displayValue(_ field: ParameterField) -> String {
        switch field {
        case .voice:
            return voiceLocked ? "\(draft.voice) (locked)" : draft.voice
        case .temperature:
            return dialect == .ga ? "n/a under GA" : Format.fixed(draft.temperature, decimals: 2)
        case .turnDetection:
            switch draft.turnDetection {
            case .serverVAD: return "server VAD"
            case .semanticVAD: return "semantic VAD"
            case nil: return "manual (push-to-talk)"
            }
        case .eagerness:
            if case .semanticVAD(let v) = draft.turnDetection { return v.eagerness.rawValue }
            return "—"
        case .threshold:
            if case .serverVAD(let v) = draft.turnDetection { return Format.fixed(v.threshold, decimals: 2) }
            return "—"
        case .prefixPadding:
            if case .serverVAD(let v) = draft.turnDetection { return "\(v.prefixPaddingMs) ms" }
            return "—"
        case .silenceDuration:
            if case .serverVAD(let v) = draft.turnDetection { return "\(v.silenceDurationMs) ms" }
            return "—"
        case .outputModality:
            return draft.outputModality.rawValue
        case .speed:
            return Format.fixed(draft.speed, decimals: 2) + "×"
        case .noiseReduction:
            switch draft.noiseReduction {
            case .nearField: return "near field"
            case .farField: return "far field"
            case nil: return "off"
            }
        case .transcription:
            return draft.transcription?.model ?? "off"
        case .instructions:
            return draft.instructions
        }
    }

    /// True when the field was edited and the server has not confirmed it yet.
    public func isPending(_ field: ParameterField) -> Bool {
        guard inapplicableReason(field) == nil else { return false }
        return Self.value(field, in: draft) != Self.value(field, in: confirmed)
    }

    /// The text to edit for a text field.
    public func editableText(_ field: ParameterField) -> String {
        switch field {
        case .transcription: draft.transcription?.model ?? "none"
        case .instructions: draft.instructions
        default: displayValue(field)
        }
    }

    // MARK: Editing

    /// Moves a value one step (`direction` −1 or +1).
    ///
    /// - Returns: true when the draft changed.
    public mutating func step(_ field: ParameterField, by direction: Int, now: Date) -> Bool {
        if let reason = inapplicableReason(field) {
            messages[field] = Message(level: .info, text: reason)
            return false
        }
        if field == .voice, voiceLocked {
            messages[field] = Message(level: .warning, text: Self.voiceLockedReason)
            return false
        }
        var next = draft
        switch field {
        case .voice:
            next.voice = Self.cycle(Voice.all(for: dialect), from: draft.voice, by: direction)
        case .temperature:
            next.temperature = Self.stepped(draft.temperature, by: direction, step: 0.05, in: SessionConfig.Range.temperature)
        case .turnDetection:
            let modes: [TurnDetection?] = [.serverVAD(lastServerVAD), .semanticVAD(lastSemanticVAD), nil]
            let index = modes.firstIndex { Self.sameMode($0, draft.turnDetection) } ?? 0
            next.turnDetection = modes[(index + direction + modes.count) % modes.count]
        case .eagerness:
            guard case .semanticVAD(var v) = draft.turnDetection else { return false }
            let all = TurnDetection.Eagerness.allCases
            v.eagerness = all[((all.firstIndex(of: v.eagerness) ?? 0) + direction + all.count) % all.count]
            next.turnDetection = .semanticVAD(v)
        case .threshold, .prefixPadding, .silenceDuration:
            guard case .serverVAD(var v) = draft.turnDetection else { return false }
            switch field {
            case .threshold: v.threshold = Self.stepped(v.threshold, by: direction, step: 0.05, in: SessionConfig.Range.threshold)
            case .prefixPadding: v.prefixPaddingMs = Self.clamped(v.prefixPaddingMs + 50 * direction, SessionConfig.Range.paddingMs)
            default: v.silenceDurationMs = Self.clamped(v.silenceDurationMs + 50 * direction, SessionConfig.Range.silenceMs)
            }
            next.turnDetection = .serverVAD(v)
        case .outputModality:
            next.outputModality = draft.outputModality == .audio ? .text : .audio
        case .speed:
            next.speed = Self.stepped(draft.speed, by: direction, step: 0.05, in: SessionConfig.Range.speed)
        case .noiseReduction:
            let options: [NoiseReduction?] = [nil, .nearField, .farField]
            let index = options.firstIndex(of: draft.noiseReduction) ?? 0
            next.noiseReduction = options[(index + direction + options.count) % options.count]
        case .transcription:
            let options = ["none"] + Self.transcriptionModels
            let model = Self.cycle(options, from: draft.transcription?.model ?? "none", by: direction)
            next.transcription = model == "none" ? nil : TranscriptionSettings(model: model, language: draft.transcription?.language)
        case .instructions:
            return false
        }
        return commit(next, field: field, now: now)
    }

    /// Sets a text field (Enter in the editor).
    ///
    /// - Returns: true when the draft changed.
    public mutating func setText(_ field: ParameterField, _ text: String, now: Date) -> Bool {
        var next = draft
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch field {
        case .instructions:
            next.instructions = trimmed
        case .transcription:
            let off = ["", "none", "off"].contains(trimmed.lowercased())
            next.transcription = off ? nil : TranscriptionSettings(model: trimmed, language: draft.transcription?.language)
        default:
            return false
        }
        return commit(next, field: field, now: now)
    }

    /// Takes the configuration to send when the debounce time has passed.
    public mutating func takeDue(now: Date) -> SessionConfig? {
        guard let sendAt, now >= sendAt else { return nil }
        self.sendAt = nil
        awaitingServer = true
        return draft
    }

    // MARK: The server's answers

    /// The server confirmed a configuration.
    public mutating func serverConfirmed(_ config: SessionConfig) {
        confirmed = config
        awaitingServer = false
        if sendAt == nil {
            draft = config
            remember(config.turnDetection)
        }
    }

    /// The server refused a change (the session has reverted it); the message stays on the field.
    ///
    /// - Returns: the field the server named, if it is one of the panel's.
    @discardableResult
    public mutating func serverRejected(parameter: String?, message: String) -> ParameterField? {
        let field = ParameterField(wireParameter: parameter)
        messages[field ?? selected] = Message(level: .error, text: "rejected by the server: \(message)")
        awaitingServer = false
        sendAt = nil
        draft = confirmed
        remember(confirmed.turnDetection)
        return field
    }

    /// Changes that the session did not send, with its reasons.
    public mutating func skipped(_ skipped: [SessionConfig.Skipped]) {
        for item in skipped {
            guard let field = ParameterField(wireParameter: item.field) else { continue }
            messages[field] = Message(level: .warning, text: "not sent: \(item.reason)")
            if field == .voice {
                voiceLocked = true
                draft.voice = confirmed.voice
            }
        }
    }

    /// The assistant has spoken: the voice can no longer change.
    public mutating func lockVoice() {
        voiceLocked = true
    }

    // MARK: Helpers

    static let voiceLockedReason = "the voice cannot change once the assistant has spoken in this session; it applies to the next session"

    private mutating func commit(_ next: SessionConfig, field: ParameterField, now: Date) -> Bool {
        messages[field] = nil
        guard next != draft else { return false }
        draft = next
        remember(next.turnDetection)
        let delay = Self.debounce.components
        sendAt = now.addingTimeInterval(Double(delay.seconds) + Double(delay.attoseconds) / 1e18)
        return true
    }

    private mutating func remember(_ detection: TurnDetection?) {
        switch detection {
        case .serverVAD(let v): lastServerVAD = v
        case .semanticVAD(let v): lastSemanticVAD = v
        case nil: break
        }
    }

    private static func sameMode(_ a: TurnDetection?, _ b: TurnDetection?) -> Bool {
        switch (a, b) {
        case (.serverVAD, .serverVAD), (.semanticVAD, .semanticVAD), (nil, nil): true
        default: false
        }
    }

    private static func cycle(_ options: [String], from current: String, by direction: Int) -> String {
        guard !options.isEmpty else { return current }
        guard let index = options.firstIndex(of: current) else { return options[0] }
        return options[(index + direction + options.count) % options.count]
    }

    private static func stepped(_ value: Double, by direction: Int, step: Double, in range: ClosedRange<Double>) -> Double {
        let steps = (value / step).rounded() + Double(direction)
        let result = (steps * step * 100).rounded() / 100
        return min(range.upperBound, max(range.lowerBound, result))
    }

    private static func clamped(_ value: Int, _ range: ClosedRange<Int>) -> Int {
        min(range.upperBound, max(range.lowerBound, value))
    }

    /// A comparable rendering of one field's value.
    private static func value(_ field: ParameterField, in config: SessionConfig) -> String {
        switch field {
        case .voice: config.voice
        case .temperature: Format.fixed(config.temperature, decimals: 2)
        case .turnDetection:
            switch config.turnDetection {
            case .serverVAD: "server"
            case .semanticVAD: "semantic"
            case nil: "manual"
            }
        case .eagerness:
            if case .semanticVAD(let v) = config.turnDetection { v.eagerness.rawValue } else { "" }
        case .threshold:
            if case .serverVAD(let v) = config.turnDetection { Format.fixed(v.threshold, decimals: 2) } else { "" }
        case .prefixPadding:
            if case .serverVAD(let v) = config.turnDetection { "\(v.prefixPaddingMs)" } else { "" }
        case .silenceDuration:
            if case .serverVAD(let v) = config.turnDetection { "\(v.silenceDurationMs)" } else { "" }
        case .outputModality: config.outputModality.rawValue
        case .speed: Format.fixed(config.speed, decimals: 2)
        case .noiseReduction: config.noiseReduction?.rawValue ?? "off"
        case .transcription: config.transcription?.model ?? "off"
        case .instructions: config.instructions
        }
    }
}
