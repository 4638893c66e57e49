/// The pane that receives the arrow keys.
public enum Focus: Int, CaseIterable, Sendable, Hashable {
    case transcript
    case settings
    case events

    /// The pane's title.
    public var title: String {
        switch self {
        case .transcript: "Transcript"
        case .settings: "Settings"
        case .events: "Events"
        }
    }

    /// The next pane for Tab (`step` 1) or Shift-Tab (`step` −1).
    public func next(_ step: Int) -> Focus {
        let all = Focus.allCases
        return all[(rawValue + step + all.count) % all.count]
    }
}
