/// How loaded history reaches the model.
public enum HistoryMode: String, Sendable, Equatable, CaseIterable {
    /// As conversation items (user `input_text`, assistant `output_text`): the default.
    case items
    /// Folded into the instructions as a transcript: avoids the model's habit of answering in text
    /// after text history, at the cost of the items not being separate turns.
    case instructions
}
