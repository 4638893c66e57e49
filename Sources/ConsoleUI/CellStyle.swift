/// How one cell is drawn: its role in the theme plus attributes added on top (a selected row is reversed).
public struct CellStyle: Hashable, Sendable, BitwiseCopyable {
    /// The theme role that gives colours and attributes.
    public var role: StyleRole
    /// Attributes added to the role's own.
    public var emphasis: Emphasis

    /// Creates a style.
    public init(_ role: StyleRole, _ emphasis: Emphasis = []) {
        self.role = role
        self.emphasis = emphasis
    }

    /// The same role with more attributes.
    public func adding(_ more: Emphasis) -> CellStyle {
        CellStyle(role, emphasis.union(more))
    }
}
