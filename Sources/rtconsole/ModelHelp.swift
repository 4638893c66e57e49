import RealtimeCore

/// The model lists `--help` shows, read from the model catalog.
enum ModelHelp {
    /// The Realtime and GPT-Live models, with what each costs and when it shuts down.
    static var realtimeModels: String {
        let lines = (ModelCatalog.models(in: .realtime) + ModelCatalog.models(in: .live)).map { model in
            var line = model.id
            if model.reasons { line += " (reasons)" }
            if let shutdown = model.shutdown { line += ", shuts down \(shutdown.date) → \(shutdown.replacement)" }
            return line
        }
        return "Known models: " + lines.joined(separator: "; ") + ". Any other id is allowed; its cost cannot be computed."
    }

    /// The transcription models.
    static var transcriptionModels: String {
        let lines = ModelCatalog.models(in: .transcription).map { model in
            model.shutdown.map { "\(model.id) (shuts down \($0.date))" } ?? model.id
        }
        return "Transcription models: " + lines.joined(separator: ", ") + "."
    }

    /// The models that take a reasoning effort.
    static var reasoningModels: String {
        "Taken by " + ModelCatalog.reasoningModelList + "."
    }
}
