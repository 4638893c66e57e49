/// The fields that depend on the model: reasoning, parallel tool calls, truncation, noise-reduction
/// strength and the transcription model's own fields. A model the catalog does not know may take any
/// of them (compatible servers have their own models); a known model is held to what it takes.
extension SessionConfig {
    /// What the server uses when a field that was set is unset again.
    static let serverDefaults: JSONObject = ["parallel_tool_calls": true, "truncation": "auto", "include": []]

    /// The models that reason, for messages.
    private static var reasoningModels: String { ModelCatalog.reasoningModelList }

    /// Checks that a model takes a reasoning effort.
    static func validate(_ effort: ReasoningEffort, model: String, dialect: Dialect) throws(ConfigError) {
        guard dialect == .ga else {
            throw ConfigError(
                field: "reasoning_effort", message: "the beta dialect has no reasoning; it applies to GA reasoning models (\(reasoningModels))")
        }
        guard let info = ModelCatalog.model(model) else { return }
        guard info.reasons else {
            throw ConfigError(
                field: "reasoning_effort",
                message:
                    "\(effort.rawValue) is refused: \(model) does not reason; reasoning applies to \(reasoningModels); leave it out or choose one of those models"
            )
        }
        guard info.reasoningEfforts.contains(effort) else {
            throw ConfigError(
                field: "reasoning_effort",
                message:
                    "\(effort.rawValue) is not an effort \(model) takes; choose one of \(info.reasoningEfforts.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    /// Checks parallel tool calls, truncation, noise-reduction strength and the transcription fields.
    func validateNewFields(for dialect: Dialect) throws(ConfigError) {
        let info = ModelCatalog.model(model)
        if parallelToolCalls != nil {
            if dialect == .beta || info?.reasons == false {
                throw ConfigError(
                    field: "parallel_tool_calls",
                    message: "is refused: \(model) does not reason; parallel tool calls apply to \(Self.reasoningModels); leave it out")
            }
        }
        if case .retentionRatio(let ratio, let tokens) = truncation {
            guard (0...1).contains(ratio) else {
                throw ConfigError(
                    field: "truncation", message: "retention ratio \(ratio) is outside 0…1; give a share such as 0.8, or auto or disabled")
            }
            if let tokens {
                let budget = info.flatMap { info in info.contextTokens.map { $0 - (info.maxOutputTokens ?? 0) } }
                guard tokens > 0, budget.map({ tokens <= $0 }) ?? true else {
                    throw ConfigError(
                        field: "truncation",
                        message:
                            "\(tokens) post-instruction tokens do not fit; give 1…\(budget.map(String.init) ?? "the context") (the context minus the longest reply)"
                    )
                }
            }
        }
        if let strength = noiseReductionStrength {
            guard strength >= 0, strength.isFinite else {
                throw ConfigError(
                    field: "noise_reduction_strength", message: "\(strength) is negative; give 0 or more (higher suppresses more, 1 by default)")
            }
            guard noiseReduction != nil else {
                throw ConfigError(
                    field: "noise_reduction_strength", message: "applies only with noise reduction on; set --noise-reduction near_field or far_field")
            }
        }
        if let transcription { try Self.validate(transcription) }
    }

    /// Checks that the transcription model takes the fields that are set, and that languages are ISO-639-1.
    static func validate(_ transcription: TranscriptionSettings) throws(ConfigError) {
        for language in [transcription.language].compactMap({ $0 }) + (transcription.languages ?? []) {
            guard language.count == 2, language.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                throw ConfigError(
                    field: "transcription_language",
                    message: "'\(language)' is not an ISO-639-1 code; give two lowercase letters such as en, de or ja")
            }
        }
        guard let info = ModelCatalog.model(transcription.model), info.family == .transcription else { return }
        let set: [(ModelInfo.TranscriptionField, Bool)] = [
            (.prompt, transcription.prompt != nil), (.delay, transcription.delay != nil), (.keywords, transcription.keywords != nil),
            (.languages, transcription.languages != nil),
        ]
        for (field, isSet) in set where isSet && !info.transcriptionFields.contains(field) {
            let takers = ModelCatalog.models(in: .transcription).filter { $0.transcriptionFields.contains(field) }.map(\.id)
            throw ConfigError(
                field: "transcription_\(field.rawValue)",
                message: "is not taken by \(transcription.model); \(field.rawValue) applies to \(takers.joined(separator: ", "))")
        }
    }
}
