import ConsoleUI

/// A theme that cannot be used, described in one line: which theme, where in the file, and what to do.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// No theme has this name (a usage error; the message lists the available themes).
        case unknownName
        /// The file cannot be read.
        case unreadable
        /// The file is not valid TOML, or a value in it is wrong.
        case invalid
    }

    public var kind: Kind
    /// The theme file's path, or the theme's name when it has no file.
    public var source: String
    /// The 1-based line in the file, when known.
    public var line: Int?
    /// The dotted key at fault (`styles.user.fg`), when known.
    public var key: String?
    /// What is wrong and what to do.
    public var message: String

    /// Creates a theme error.
    public init(_ kind: Kind, source: String, line: Int? = nil, key: String? = nil, message: String) {
        self.kind = kind
        self.source = source
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        switch kind {
        case .unknownName:
            return message
        case .unreadable, .invalid:
            var place = "theme \(source)"
            if let line { place += ", line \(line)" }
            if let key { place += ", key \(key)" }
            return "\(place): \(message)"
        }
    }
}
