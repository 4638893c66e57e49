/// A task the simulated GPT-Live model delegated after a scenario turn with a `tool_call`.
struct DelegatedTask: Sendable {
    /// The delegation's id (`item_…`), the `delegation_id` of the events about it.
    let id: String
    /// The scenario turn that made it: its `reply` is what the voice says with the result.
    let turn: ScenarioTurn
    /// The function the Responses backend calls.
    let call: ScenarioToolCall
    /// The backend response that made the call (Responses delegation).
    var responseID: String?
    /// The call's id (Responses delegation).
    var callID: String?
    /// The client's `function_call_output`, once sent.
    var output: String?
}
