/// A complete set of role styles, read from a TOML theme file.
public struct Theme: Sendable, Equatable {
    /// Where a theme came from.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Shipped with rtconsole (`themes/NAME.toml` in the package, compiled in).
        case builtIn
        /// A file: a user theme or a `--theme` path.
        case file(path: String)

        public var description: String {
            switch self {
            case .builtIn: "built in"
            case .file(let path): path
            }
        }
    }

    /// The theme's name (the file name without `.toml` unless the file says otherwise).
    public var name: String
    /// One line about the theme.
    public var summary: String
    public var origin: Origin
    /// A style for every role.
    public var styles: [StyleRole: RoleStyle]

    /// Creates a theme; roles left out are drawn as plain text.
    public init(name: String, summary: String, origin: Origin, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.summary = summary
        self.origin = origin
        self.styles = styles
    }

    /// The style of a role.
    public func style(_ role: StyleRole) -> RoleStyle {
        styles[role] ?? RoleStyle()
    }

    /// True when any role has a colour.
    public var usesColor: Bool { styles.values.contains { $0.usesColor } }
}
