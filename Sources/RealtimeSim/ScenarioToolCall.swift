import RealtimeCore

/// A function call the simulator makes instead of answering straight away.
///
/// The simulator streams the call (`response.output_item.added` with a `function_call` item, argument
/// deltas, `response.function_call_arguments.done`) and ends the response; the turn's reply is spoken
/// after the client sends the `function_call_output` item and `response.create`.
public struct ScenarioToolCall: Sendable, Equatable {
    /// The function name.
    public var name: String
    /// The arguments as JSON text (what `response.function_call_arguments.done` carries).
    public var arguments: String

    /// Creates a tool call.
    public init(name: String, arguments: String = "{}") {
        self.name = name
        self.arguments = arguments
    }
}
