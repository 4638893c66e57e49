/// The two voice protocols of OpenAI's service, each with its own route and events.
public enum VoiceAPI: String, Sendable, Equatable, CaseIterable, Codable {
    /// The Realtime protocol (`/v1/realtime`): items, responses, VAD settings, tools on the voice model.
    case realtime
    /// GPT-Live (`/v1/live/sessions`): full duplex, the server decides turn-taking, work is delegated,
    /// billing per second.
    case live

    /// The protocol a model speaks: GPT-Live for the catalog's Live models and any `gpt-live-*` name,
    /// Realtime otherwise.
    public static func forModel(_ model: String) -> VoiceAPI {
        if let info = ModelCatalog.model(model) { return info.family == .live ? .live : .realtime }
        return model.lowercased().hasPrefix("gpt-live") ? .live : .realtime
    }

    /// The name people read in the header ("Realtime", "GPT-Live").
    public var displayName: String {
        switch self {
        case .realtime: "Realtime"
        case .live: "GPT-Live"
        }
    }
}
