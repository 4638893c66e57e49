import Foundation
import RealtimeCore

/// The settings panel of a GPT-Live call: what is fixed at start and why, and the delegation settings
/// that `session.update` may change.
extension ParameterPanel {
    /// Why a GPT-Live call fixes its voice and instructions.
    public static let fixedAtStartReason = "fixed at session.start under GPT-Live; set it with a flag for the next call"

    /// The backend of a Responses delegation, if that is the call's.
    public var backend: LiveResponsesBackend? {
        if case .responses(let backend, _) = delegation { return backend }
        return nil
    }

    /// Why a row cannot be changed on a GPT-Live call, or nil when it can.
    func liveInapplicableReason(_ field: ParameterField) -> String? {
        switch field {
        case .voice: "the voice is \(Self.fixedAtStartReason) (--voice)"
        case .instructions: "the instructions are \(Self.fixedAtStartReason) (--instructions); extend them with Add to instr."
        case .delegation: "the delegation type is \(Self.fixedAtStartReason) (--delegation)"
        case .backendModel, .backendReasoning: backend == nil ? "only for responses delegation (--delegation responses)" : nil
        case .addInstructions: nil
        default: "GPT-Live has no such setting"
        }
    }

    /// The value of a GPT-Live row as the panel shows it.
    func liveDisplayValue(_ field: ParameterField) -> String {
        switch field {
        case .addInstructions:
            return "Enter to add"
        case .delegation:
            switch delegation {
            case .responses(let backend, _)?: return "responses (\(backend.model))"
            case .decisions(_, let questions, _)?: return "decisions (\(questions.count) question\(questions.count == 1 ? "" : "s"))"
            case .client?, nil: return "client (the console's tools)"
            }
        case .backendModel:
            return backend?.model ?? "—"
        case .backendReasoning:
            guard let backend else { return "—" }
            return backend.reasoningEffort ?? "model default"
        default:
            return ""
        }
    }

    /// The backend's reasoning one step on (←→), as the delegation to send; nil when the row does not apply.
    public func steppedBackendReasoning(by direction: Int) -> LiveDelegation? {
        guard case .responses(var backend, let delay)? = delegation else { return nil }
        backend.reasoningEffort = Self.cycle(LiveResponsesBackend.reasoningEfforts, from: backend.reasoningEffort ?? "low", by: direction)
        return .responses(backend, acknowledgementDelayMs: delay)
    }

    /// The backend with another model, as the delegation to send; nil when the row does not apply or the name is empty.
    public func backendWithModel(_ model: String) -> LiveDelegation? {
        let name = model.trimmingCharacters(in: .whitespacesAndNewlines)
        guard case .responses(var backend, let delay)? = delegation, !name.isEmpty else { return nil }
        backend.model = name
        return .responses(backend, acknowledgementDelayMs: delay)
    }

    /// The server confirmed a delegation.
    public mutating func delegationConfirmed(_ delegation: LiveDelegation) {
        self.delegation = delegation
        for field in [ParameterField.backendModel, .backendReasoning] where messages[field]?.level != .error { messages[field] = nil }
    }
}
