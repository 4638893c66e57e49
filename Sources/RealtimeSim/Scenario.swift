import Foundation
import RealtimeCore

/// A script for the simulator: the words of each reply, delays, tool calls and injected faults.
///
/// Scenarios are JSON files (see docs/simulator.md). Turns are used in order, one per user turn; what
/// happens after the last one is set by ``afterLastTurn``.
public struct Scenario: Sendable, Equatable {
    /// What the simulator does once every scripted turn has been used.
    public enum Continuation: String, Sendable, Equatable, CaseIterable {
        /// Fall back to the default, documented replies.
        case defaultReplies = "default"
        /// Play the last turn again and again.
        case repeatLast = "repeat_last"
        /// Start again from the first turn.
        case cycle
    }

    /// A name for logs.
    public var name: String?
    /// The scripted turns, in order.
    public var turns: [ScenarioTurn]
    /// What happens after the last turn.
    public var afterLastTurn: Continuation
    /// The wall-clock interval between GPT-Live `session.usage.updated` events, in ms (nil: 15 s).
    public var usageIntervalMs: Int?

    /// Creates a scenario.
    public init(name: String? = nil, turns: [ScenarioTurn], afterLastTurn: Continuation = .defaultReplies, usageIntervalMs: Int? = nil) {
        self.name = name
        self.turns = turns
        self.afterLastTurn = afterLastTurn
        self.usageIntervalMs = usageIntervalMs
    }

    /// The turn used for the `index`-th user turn (0-based), or nil when the default replies apply.
    func turn(at index: Int) -> ScenarioTurn? {
        guard !turns.isEmpty else { return nil }
        if index < turns.count { return turns[index] }
        switch afterLastTurn {
        case .defaultReplies: return nil
        case .repeatLast: return turns[turns.count - 1]
        case .cycle: return turns[index % turns.count]
        }
    }

    /// Reads and checks a scenario file.
    ///
    /// - Parameter url: the JSON file.
    /// - Returns: the scenario.
    /// - Throws: ``ScenarioError`` naming the file, the line and the field at fault.
    public static func load(contentsOf url: URL) throws(ScenarioError) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ScenarioError(
                file: url.lastPathComponent, line: nil, field: nil, message: "cannot read the file: \(FileErrorReason.of(error)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: url.lastPathComponent, line: nil, field: nil, message: "the file is not UTF-8 text")
        }
        return try parse(text, source: url.lastPathComponent)
    }

    /// Parses and checks scenario JSON text.
    ///
    /// - Parameters:
    ///   - text: the JSON text.
    ///   - source: the name used in errors (usually the file name).
    /// - Returns: the scenario.
    /// - Throws: ``ScenarioError`` naming the source, the line and the field at fault.
    public static func parse(_ text: String, source: String = "scenario") throws(ScenarioError) -> Scenario {
        try ScenarioParser(text: text, source: source).parse()
    }
}
