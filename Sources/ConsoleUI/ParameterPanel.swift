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
    public static let transcriptionModels = ModelCatalog.models(in: .transcription).map(\.id)
    /// The session's configuration as it last published it: asked for, confirmed, pending and locked.
    public private(set) var ledger: ConfigurationLedger
    /// Edits made here that the session has not published back yet (nil when there are none).
    private var edits: SessionConfig?
    /// True from handing edits to the session until it publishes its configuration again.
    private var handedOver = false
    /// The row with the cursor.
    public var selected: ParameterField = .voice
    /// When the pending edits will be sent; nil when nothing waits.
    public private(set) var sendAt: Date?
    /// Messages per field.
    public internal(set) var messages: [ParameterField: Message] = [:]
    private var lastServerVAD: TurnDetection.ServerVAD
    private var lastSemanticVAD: TurnDetection.SemanticVAD
    /// The call's protocol: its rows differ.
    public let api: VoiceAPI
    /// GPT-Live: the delegation as the server last confirmed it.
    public internal(set) var delegation: LiveDelegation?

    /// The rows, in order.
    public var fields: [ParameterField] { api == .live ? ParameterField.liveFields : ParameterField.realtimeFields }

    /// Creates the panel for a session's configuration.
    public init(ledger: ConfigurationLedger, api: VoiceAPI = .realtime, delegation: LiveDelegation? = nil) {
        self.ledger = ledger
        self.api = api
        self.delegation = delegation
        lastServerVAD = TurnDetection.ServerVAD()
        lastSemanticVAD = TurnDetection.SemanticVAD()
        remember(ledger.desired.turnDetection)
    }

    /// Creates the panel for a session that starts with `config`.
    public init(config: SessionConfig, dialect: Dialect, api: VoiceAPI = .realtime, delegation: LiveDelegation? = nil) {
        self.init(ledger: ConfigurationLedger(config: config, dialect: dialect), api: api, delegation: delegation)
    }

    /// The dialect the session speaks.
    public var dialect: Dialect { ledger.dialect }
    /// The configuration the server confirmed last.
    public var confirmed: SessionConfig { ledger.confirmed }
    /// The configuration the panel shows: what the session asked for, plus edits not yet sent.
    public var draft: SessionConfig { edits ?? ledger.desired }
    /// True from sending a change until the server confirms or rejects it.
    public var awaitingServer: Bool { handedOver || ledger.isAwaitingServer }
    /// True once the assistant has spoken: the service refuses voice changes from then on.
    public var voiceLocked: Bool { ledger.lockReason(.voice) != nil }

    // MARK: Reading

    /// Why a field cannot be changed now, or nil when it can.
    public func inapplicableReason(_ field: ParameterField) -> String? {
        if api == .live { return liveInapplicableReason(field) }
        switch field {
        case .temperature:
            return ledger.lockReason(.temperature)
        case .reasoning, .parallelToolCalls:
            return ledger.lockReason(.reasoning)
        case .truncation where dialect == .beta:
            return "the beta dialect has no truncation setting"
        case .noiseStrength:
            return draft.noiseReduction == nil ? "applies with noise reduction on; set Noise reduction first" : nil
        case .transcriptionDelay:
            guard let model = draft.transcription?.model else { return "transcription is off" }
            let takes = ModelCatalog.model(model).map { $0.transcriptionFields.contains(.delay) } ?? true
            return takes ? nil : "\(model) takes no delay; gpt-realtime-whisper does"
        case .transcriptionKeywords, .transcriptionLanguages:
            guard let model = draft.transcription?.model else { return "transcription is off" }
            let wanted: ModelInfo.TranscriptionField = field == .transcriptionKeywords ? .keywords : .languages
            let takes = ModelCatalog.model(model).map { $0.transcriptionFields.contains(wanted) } ?? true
            return takes ? nil : "\(model) takes no \(wanted.rawValue); gpt-live-transcribe and gpt-transcribe do"
        case .logprobs:
            if dialect == .beta { return "the beta dialect has no log-probabilities" }
            return draft.transcription == nil ? "transcription is off" : nil
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
        case .addInstructions, .delegation, .backendModel, .backendReasoning:
            return liveDisplayValue(field)
        case .voice:
            return voiceLocked ? "\(draft.voice) (locked)" : draft.voice
        case .temperature:
            return dialect == .ga ? "n/a under GA" : Format.fixed(draft.temperature, decimals: 2)
        case .reasoning:
            if ledger.lockReason(.reasoning) != nil { return "n/a for this model" }
            return draft.reasoningEffort?.rawValue ?? "model default"
        case .parallelToolCalls:
            if ledger.lockReason(.reasoning) != nil { return "n/a for this model" }
            return draft.parallelToolCalls.map { $0 ? "on" : "off" } ?? "server default"
        case .truncation:
            return draft.truncation?.description ?? "auto"
        case .noiseStrength:
            guard draft.noiseReduction != nil else { return "—" }
            return Format.fixed(draft.noiseReductionStrength ?? 1, decimals: 1)
        case .transcriptionDelay:
            return draft.transcription?.delay?.rawValue ?? "—"
        case .transcriptionKeywords:
            return draft.transcription?.keywords?.joined(separator: ", ") ?? "—"
        case .transcriptionLanguages:
            return draft.transcription?.languages?.joined(separator: ", ") ?? "—"
        case .logprobs:
            return draft.transcriptionLogprobs ? "shown" : "off"
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
        case .transcriptionKeywords: draft.transcription?.keywords?.joined(separator: ", ") ?? ""
        case .transcriptionLanguages: draft.transcription?.languages?.joined(separator: ", ") ?? ""
        case .addInstructions: ""
        case .backendModel: backend?.model ?? ""
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
        if field == .voice, let reason = ledger.lockReason(.voice) {
            messages[field] = Message(level: .warning, text: reason)
            return false
        }
        var next = draft
        switch field {
        case .voice:
            next.voice = Self.cycle(Voice.all(for: dialect), from: draft.voice, by: direction)
        case .temperature:
            next.temperature = Self.stepped(draft.temperature, by: direction, step: 0.05, in: SessionConfig.Range.temperature)
        case .parallelToolCalls:
            next.parallelToolCalls = !(draft.parallelToolCalls ?? true)
        case .truncation:
            let modes: [Truncation] = [.auto, .disabled, .retentionRatio(0.8, postInstructionsTokens: nil)]
            let index = draft.truncation.flatMap { current in modes.firstIndex { $0.description == current.description } } ?? 0
            next.truncation = modes[(index + direction + modes.count) % modes.count]
        case .noiseStrength:
            next.noiseReductionStrength = Self.stepped(draft.noiseReductionStrength ?? 1, by: direction, step: 0.1, in: 0...5)
        case .transcriptionDelay:
            guard var transcription = draft.transcription else { return false }
            let names = TranscriptionDelay.allCases.map(\.rawValue)
            transcription.delay = TranscriptionDelay(rawValue: Self.cycle(names, from: transcription.delay?.rawValue ?? "low", by: direction))
            next.transcription = transcription
        case .logprobs:
            next.transcriptionLogprobs.toggle()
        case .reasoning:
            let efforts = (ModelCatalog.model(draft.model)?.reasoningEfforts).flatMap { $0.isEmpty ? nil : $0 } ?? ReasoningEffort.allCases
            let names = efforts.map(\.rawValue)
            let current = draft.reasoningEffort?.rawValue ?? ReasoningEffort.low.rawValue
            next.reasoningEffort = ReasoningEffort(rawValue: Self.cycle(names, from: current, by: direction))
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
        case .instructions, .transcriptionKeywords, .transcriptionLanguages, .addInstructions, .delegation, .backendModel, .backendReasoning:
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
        case .transcriptionKeywords, .transcriptionLanguages:
            guard var transcription = draft.transcription else { return false }
            let list = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if field == .transcriptionKeywords {
                transcription.keywords = list.isEmpty ? nil : list
            } else {
                transcription.languages = list.isEmpty ? nil : list.map { $0.lowercased() }
            }
            next.transcription = transcription
        default:
            return false
        }
        return commit(next, field: field, now: now)
    }

    /// Takes the configuration to send when the debounce time has passed.
    public mutating func takeDue(now: Date) -> SessionConfig? {
        guard let sendAt, now >= sendAt else { return nil }
        self.sendAt = nil
        handedOver = true
        return draft
    }

    // MARK: The session's answers

    /// The session published its configuration: edits already handed over are now part of it.
    public mutating func sessionPublished(_ ledger: ConfigurationLedger) {
        self.ledger = ledger
        handedOver = false
        if sendAt == nil {
            edits = nil
            remember(ledger.desired.turnDetection)
        }
    }

    /// The server refused a change (the session has reverted it); the message stays on the field.
    ///
    /// - Returns: the field the server named, if it is one of the panel's.
    @discardableResult
    public mutating func serverRejected(parameter: String?, message: String) -> ParameterField? {
        let field = ParameterField(wireParameter: parameter)
        messages[field ?? selected] = Message(level: .error, text: "rejected by the server: \(message)")
        sendAt = nil
        handedOver = false
        edits = nil
        remember(ledger.desired.turnDetection)
        return field
    }

    /// Changes that the session did not send, with its reasons.
    public mutating func skipped(_ skipped: [SessionConfig.Skipped]) {
        for item in skipped {
            guard let field = ParameterField(wireParameter: item.field) else { continue }
            messages[field] = Message(level: .warning, text: "not sent: \(item.reason)")
        }
    }

    // MARK: Helpers

    private mutating func commit(_ next: SessionConfig, field: ParameterField, now: Date) -> Bool {
        messages[field] = nil
        guard next != draft else { return false }
        edits = next
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

    static func cycle(_ options: [String], from current: String, by direction: Int) -> String {
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

    /// Shows a message under a row.
    public mutating func note(_ field: ParameterField, _ level: Notice.Level, _ text: String) {
        messages[field] = Message(level: level, text: text)
    }
}
