import ConsoleUI
import TOMLKit

/// Reads a theme file (TOML) into a `Theme`, refusing anything it does not understand with the line and key.
///
/// ```toml
/// name = "neon"                      # optional, defaults to the file name
/// description = "Bright on black"    # optional
/// base = "dark"                      # optional: a built-in theme for the roles not listed
///
/// [palette]                          # optional names for colours
/// accent = "#5fafff"
///
/// [styles]                           # one entry per role: fg, bg, fg16, bg16, bold, dim, underline, reverse
/// user = { fg = "accent", bold = true }
/// selection = { fg = 255, bg = 238, bg16 = "blue" }
/// ```
///
/// Colours are `default`, a name (`red`, `bright-blue`, `grey`), an index 0…255, `#rrggbb`, or a `[palette]` name.
/// `fg16`/`bg16` replace `fg`/`bg` on terminals with 8 or 16 colours.
enum ThemeParser {
    /// Parses a theme.
    ///
    /// - Parameters:
    ///   - text: the TOML text.
    ///   - name: the name to use when the file gives none.
    ///   - origin: where the text came from (named in errors).
    ///   - base: looks up a built-in theme for `base = "…"`.
    static func parse(_ text: String, name: String, origin: Theme.Origin, base: (String) -> Theme?) throws(ThemeError) -> Theme {
        let source = origin == .builtIn ? "\(name) (built in)" : origin.description
        let locator = ThemeSourceLocator(text)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            throw ThemeError(.invalid, source: source, line: line, key: locator.key(atLine: line), message: "not valid TOML: \(error.description)")
        } catch {
            throw ThemeError(.invalid, source: source, message: "not valid TOML: \(error)")
        }
        func failure(_ path: [String], _ message: String) -> ThemeError {
            ThemeError(.invalid, source: source, line: locator.line(of: path), key: path.joined(separator: "."), message: message)
        }

        var theme = Theme(name: name, summary: "", origin: origin, styles: [:])
        var palette: [String: ThemeColor] = [:]
        for (key, value) in table {
            switch key {
            case "name", "description", "base":
                guard let string = value.string else { throw failure([key], "must be a string in quotes") }
                if key == "name" { theme.name = string }
                if key == "description" { theme.summary = string }
                if key == "base" {
                    guard let parent = base(string) else {
                        throw failure([key], "'\(string)' is not a built-in theme; use one of \(ThemeCatalog.builtInNames.joined(separator: ", "))")
                    }
                    theme.styles = parent.styles
                }
            case "palette", "styles":
                guard value.table != nil else { throw failure([key], "must be a table: [\(key)]") }
            default:
                throw failure([key], "unknown key; a theme has name, description, base, [palette] and [styles]")
            }
        }
        if let entries = table["palette"]?.table {
            for (alias, value) in entries {
                guard let text = value.string, let color = ThemeColor(name: text) else {
                    throw failure(["palette", alias], "'\(value)' is not a colour; use a name (red, bright-blue…) or #rrggbb")
                }
                palette[alias] = color
            }
        }
        if let styles = table["styles"]?.table {
            for (roleName, value) in styles {
                guard let role = StyleRole(rawValue: roleName) else {
                    throw failure(["styles", roleName], "unknown role; roles are \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let attributes = value.table else {
                    throw failure(["styles", roleName], "must be a table such as { fg = \"red\", bold = true }")
                }
                theme.styles[role] = try roleStyle(attributes, path: ["styles", roleName], palette: palette, failure: failure)
            }
        }
        return theme
    }

    private static func roleStyle(
        _ table: TOMLTable, path: [String], palette: [String: ThemeColor],
        failure: ([String], String) -> ThemeError
    ) throws(ThemeError) -> RoleStyle {
        var style = RoleStyle()
        for (key, value) in table {
            let keyPath = path + [key]
            switch key {
            case "fg", "bg", "fg16", "bg16":
                let color = try self.color(value, path: keyPath, palette: palette, failure: failure)
                switch key {
                case "fg": style.foreground = color
                case "bg": style.background = color
                case "fg16": style.foreground16 = color
                default: style.background16 = color
                }
            case "bold", "dim", "underline", "reverse":
                guard let on = value.bool else { throw failure(keyPath, "must be true or false") }
                let flag: Emphasis =
                    switch key {
                    case "bold": .bold
                    case "dim": .dim
                    case "underline": .underline
                    default: .reverse
                    }
                if on { style.emphasis.insert(flag) } else { style.emphasis.remove(flag) }
            default:
                throw failure(keyPath, "unknown attribute; use fg, bg, fg16, bg16, bold, dim, underline, reverse")
            }
        }
        return style
    }

    private static func color(
        _ value: any TOMLValueConvertible, path: [String], palette: [String: ThemeColor],
        failure: ([String], String) -> ThemeError
    ) throws(ThemeError) -> ThemeColor {
        if let index = value.int {
            guard (0...255).contains(index) else { throw failure(path, "\(index) is not a colour index; use 0…255") }
            return .indexed(index)
        }
        guard let text = value.string else { throw failure(path, "must be a colour name in quotes, #rrggbb or 0…255") }
        if let color = palette[text] ?? ThemeColor(name: text) { return color }
        throw failure(path, "'\(text)' is not a colour; use default, a name (red, bright-blue, grey…), 0…255, #rrggbb or a [palette] name")
    }
}
