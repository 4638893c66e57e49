/// How much a reasoning model thinks before it answers (`session.reasoning.effort`).
public enum ReasoningEffort: String, Sendable, Equatable, CaseIterable, Comparable {
    case minimal, low, medium, high, xhigh

    public static func < (lhs: ReasoningEffort, rhs: ReasoningEffort) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
