/// What a response will produce and how, decided when it starts.
struct ResponsePlan: Sendable {
    /// The content of the response.
    enum Content: Sendable {
        /// A message with these words (spoken or written, as the response's modalities say).
        case message(String)
        /// A function call.
        case functionCall(ScenarioToolCall)
    }

    var content: Content
    /// Wait before the first content delta, in ms.
    var firstDeltaDelayMs: Int
    /// Wait between content deltas, in ms; nil for the pace-derived default.
    var deltaIntervalMs: Int?
    /// Faults to inject during the response.
    var faults: [ScenarioFault]
    /// A scenario's preamble: nil follows the model, `""` asks for none.
    var preamble: String? = nil

    /// A plan for a message with the default wait before its first delta and no faults.
    static func message(_ text: String, firstDeltaDelayMs: Int) -> ResponsePlan {
        ResponsePlan(content: .message(text), firstDeltaDelayMs: firstDeltaDelayMs, deltaIntervalMs: nil, faults: [])
    }

    /// A plan that follows a scenario turn's timing and faults (the default wait when the turn sets none).
    static func scripted(_ content: Content, turn: ScenarioTurn, withFaults: Bool, defaultFirstDeltaDelayMs: Int) -> ResponsePlan {
        ResponsePlan(
            content: content, firstDeltaDelayMs: turn.firstDeltaDelayMs ?? defaultFirstDeltaDelayMs, deltaIntervalMs: turn.deltaIntervalMs,
            faults: withFaults ? turn.faults : [], preamble: turn.preamble)
    }
}
