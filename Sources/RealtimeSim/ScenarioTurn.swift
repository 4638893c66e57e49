/// One scripted turn: what the simulator says in reply to the user's next turn, and how.
public struct ScenarioTurn: Sendable, Equatable {
    /// What the user is taken to have said: the input transcription of an audio turn (the simulator has no
    /// speech recognition), and the text quoted by the default reply.
    public var userTranscript: String?
    /// The words of the reply; nil uses the default reply.
    public var reply: String?
    /// Wait between `response.created` and the first content delta, in ms (nil: the default, 200 ms).
    public var firstDeltaDelayMs: Int?
    /// Wait between content deltas, in ms (nil: 100 ms of audio divided by the pace).
    public var deltaIntervalMs: Int?
    /// A function call made before the reply.
    public var toolCall: ScenarioToolCall?
    /// Faults injected during the turn's reply.
    public var faults: [ScenarioFault]
    /// The spoken preamble a reasoning model says before its answer: nil follows the model and its
    /// reasoning effort, `""` asks for none, any other text is said as the preamble.
    public var preamble: String?

    /// Creates a turn.
    public init(
        userTranscript: String? = nil, reply: String? = nil, firstDeltaDelayMs: Int? = nil, deltaIntervalMs: Int? = nil,
        toolCall: ScenarioToolCall? = nil, faults: [ScenarioFault] = [], preamble: String? = nil
    ) {
        self.userTranscript = userTranscript
        self.reply = reply
        self.firstDeltaDelayMs = firstDeltaDelayMs
        self.deltaIntervalMs = deltaIntervalMs
        self.toolCall = toolCall
        self.faults = faults
        self.preamble = preamble
    }
}
