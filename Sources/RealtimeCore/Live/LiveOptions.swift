/// What a GPT-Live call starts with besides the model, instructions and voice of ``SessionConfig``.
public struct LiveOptions: Sendable, Equatable {
    /// Where the model delegates work (fixed for the session).
    public var delegation: LiveDelegation
    /// Keep the session on the service (for forks and the recording).
    public var store: Bool?
    /// A stable id of the end user, for the service's abuse detection.
    public var safetyIdentifier: String?
    /// Client delegation: the tool that does the delegated work (nil: the first configured tool). It is
    /// called with `{"task": "<the user's words>"}`.
    public var delegateTool: String?

    /// Creates options (client delegation by default).
    public init(delegation: LiveDelegation = .client(), store: Bool? = nil, safetyIdentifier: String? = nil) {
        self.delegation = delegation
        self.store = store
        self.safetyIdentifier = safetyIdentifier
    }
}
