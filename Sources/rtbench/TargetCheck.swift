/// One target of the issues' "Speed" sections, and whether the measurement met it.
struct TargetCheck: Codable, Sendable {
    /// What is measured, e.g. "encode and queue a 20 ms input frame".
    var name: String
    /// The target as the issue states it, e.g. "< 20 µs".
    var target: String
    /// The measured figure, as shown in the table.
    var measured: String
    /// Whether the target was met; nil when it could not be measured in this run.
    var met: Bool?

    /// "met", "MISSED" or "not measured".
    var verdict: String {
        switch met {
        case true?: "met"
        case false?: "MISSED"
        case nil: "not measured"
        }
    }
}
