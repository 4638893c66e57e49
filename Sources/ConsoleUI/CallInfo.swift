import RealtimeCore

/// What the header says about the call: where it goes, with which model, and how long it may last.
public struct CallInfo: Sendable, Equatable {
    /// Where the call goes, e.g. "local simulator ws://127.0.0.1:40123/v1" or "OpenAI api.openai.com/v1/realtime".
    public var endpointLabel: String
    /// True when the call goes to the built-in simulator.
    public var isLocalSimulator: Bool
    public var model: String
    /// The protocol: Realtime or GPT-Live.
    public var api: VoiceAPI
    public var dialect: Dialect
    /// The server's session limit.
    public var sessionLimit: Duration
    /// The theme in use, shown in the status bar.
    public var themeName: String
    /// GPT-Live: the delegation the call starts with.
    public var liveDelegation: LiveDelegation?
    /// The day the model shuts down, when that is within 90 days or past (the header marks it).
    public var modelShutdown: String?

    /// Creates call information.
    public init(
        endpointLabel: String, isLocalSimulator: Bool, model: String, api: VoiceAPI = .realtime, dialect: Dialect, sessionLimit: Duration,
        themeName: String, modelShutdown: String? = nil, liveDelegation: LiveDelegation? = nil
    ) {
        self.api = api
        self.liveDelegation = liveDelegation
        self.endpointLabel = endpointLabel
        self.isLocalSimulator = isLocalSimulator
        self.model = model
        self.dialect = dialect
        self.sessionLimit = sessionLimit
        self.themeName = themeName
        self.modelShutdown = modelShutdown
    }
}
