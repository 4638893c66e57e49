/// How a theme draws one role: colours and attributes, with optional colours for terminals of 8 or 16 colours.
public struct RoleStyle: Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    /// Replaces `foreground` on terminals with fewer than 256 colours.
    public var foreground16: ThemeColor?
    /// Replaces `background` on terminals with fewer than 256 colours.
    public var background16: ThemeColor?
    public var emphasis: Emphasis

    /// Creates a role style.
    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, foreground16: ThemeColor? = nil,
        background16: ThemeColor? = nil, emphasis: Emphasis = []
    ) {
        self.foreground = foreground
        self.background = background
        self.foreground16 = foreground16
        self.background16 = background16
        self.emphasis = emphasis
    }

    /// The curses colour numbers (foreground, background; -1 is the terminal's default) for a terminal with `colorCount` colours.
    public func terminalColors(colorCount: Int) -> (foreground: Int, background: Int) {
        let small = colorCount < 256
        let fg = (small ? foreground16 : nil) ?? foreground
        let bg = (small ? background16 : nil) ?? background
        return (fg.terminalIndex(colorCount: colorCount), bg.terminalIndex(colorCount: colorCount))
    }

    /// True when the style sets a colour (not only attributes).
    public var usesColor: Bool {
        [foreground, background, foreground16 ?? .terminalDefault, background16 ?? .terminalDefault].contains { $0 != .terminalDefault }
    }
}
