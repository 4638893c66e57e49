/// Why a scenario file was refused: the file, the line and the field at fault, and what is allowed there.
///
/// A struct that can grow: new details can be added without breaking callers.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name (or the source label given to ``Scenario/parse(_:source:)``).
    public var file: String
    /// The 1-based line of the field at fault, when it could be located.
    public var line: Int?
    /// The field at fault as a path (`turns[1].faults[0].at`), when the problem is in a field.
    public var field: String?
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// One line: `file:line: field: message`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + message
    }
}
