import ConsoleUI
import Foundation

/// Finds and loads themes: the built-in ones and the user's under `$XDG_CONFIG_HOME/rtconsole/themes/`.
///
/// A user theme with the name of a built-in one replaces it. `NO_COLOR` (set and not empty) selects the
/// `mono` theme unless a theme was asked for by name or path (no-color.org: explicit options win).
public enum ThemeCatalog {
    /// The theme used when none is asked for.
    public static let defaultName = "dark"

    /// The theme used for `NO_COLOR` and for terminals without colours.
    public static let monochromeName = "mono"

    /// The names of the built-in themes, the default first.
    public static var builtInNames: [String] { BuiltinThemes.all.map(\.name) }

    /// One theme the catalog knows about, for `rtconsole themes`.
    public struct Listing: Sendable, Equatable {
        public var name: String
        public var summary: String
        /// Where it comes from.
        public var origin: Theme.Origin
        /// True for a user theme that replaces a built-in one of the same name.
        public var replacesBuiltIn: Bool
        /// Why the theme cannot be used, if it is broken.
        public var problem: ThemeError?
    }

    /// Loads a theme by name or path.
    ///
    /// - Parameters:
    ///   - nameOrPath: a theme name (user themes first, then built-in), a path to a `.toml` file, or nil for the default.
    ///   - environment: the process environment (`XDG_CONFIG_HOME`, `HOME`, `NO_COLOR`).
    /// - Throws: `ThemeError` — `.unknownName` (listing what exists), `.unreadable`, or `.invalid` with the line and key.
    public static func load(nameOrPath: String?, environment: [String: String]) throws(ThemeError) -> Theme {
        guard let requested = nameOrPath?.trimmingCharacters(in: .whitespaces), !requested.isEmpty else {
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            return try load(nameOrPath: noColor ? monochromeName : defaultName, environment: [:])
        }
        if requested.contains("/") || requested.hasSuffix(".toml") {
            return try loadFile(URL(fileURLWithPath: requested))
        }
        let userFile = userFolder(environment: environment).appendingPathComponent("\(requested).toml")
        if FileManager.default.fileExists(atPath: userFile.path) {
            return try loadFile(userFile)
        }
        if let theme = builtIn(requested) { return theme }
        let names = Array(Set(builtInNames + userThemeFiles(environment: environment).map(\.name))).sorted()
        throw ThemeError(
            .unknownName, source: requested,
            message: "unknown theme '\(requested)'; available: \(names.joined(separator: ", ")), or a path to a .toml file")
    }

    /// Loads a theme, falling back to the default one when it cannot be used.
    ///
    /// - Returns: the theme, and the reason when the default was used instead.
    public static func loadOrDefault(nameOrPath: String?, environment: [String: String]) -> (theme: Theme, problem: ThemeError?) {
        do {
            return (try load(nameOrPath: nameOrPath, environment: environment), nil)
        } catch {
            return (fallback, error)
        }
    }

    /// The default built-in theme.
    public static var fallback: Theme {
        builtIn(defaultName) ?? Theme(name: defaultName, summary: "", origin: .builtIn, styles: [:])
    }

    /// A built-in theme by name.
    public static func builtIn(_ name: String) -> Theme? {
        guard let text = BuiltinThemes.all.first(where: { $0.name == name })?.text else { return nil }
        return try? ThemeParser.parse(text, name: name, origin: .builtIn) { _ in nil }
    }

    /// Reads a theme file.
    public static func loadFile(_ url: URL) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read as UTF-8 text" : "no such file"
            throw ThemeError(.unreadable, source: url.path, message: "\(reason); check the path, or use a theme name (rtconsole themes lists them)")
        }
        return try ThemeParser.parse(text, name: url.deletingPathExtension().lastPathComponent, origin: .file(path: url.path)) { builtIn($0) }
    }

    /// Where user themes live: `$XDG_CONFIG_HOME/rtconsole/themes`, else `~/.config/rtconsole/themes`.
    public static func userFolder(environment: [String: String]) -> URL {
        let config: URL
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            config = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].map(URL.init(fileURLWithPath:)) ?? FileManager.default.homeDirectoryForCurrentUser
            config = home.appendingPathComponent(".config")
        }
        return config.appendingPathComponent("rtconsole/themes")
    }

    /// Every theme: the built-in ones, then the user's, each checked.
    public static func listing(environment: [String: String]) -> [Listing] {
        let users = userThemeFiles(environment: environment)
        var result = BuiltinThemes.all.compactMap { entry -> Listing? in
            guard let theme = builtIn(entry.name) else { return nil }
            return Listing(name: entry.name, summary: theme.summary, origin: .builtIn, replacesBuiltIn: false, problem: nil)
        }
        for (name, url) in users {
            let replaces = builtInNames.contains(name)
            do {
                let theme = try loadFile(url)
                result.append(Listing(name: name, summary: theme.summary, origin: theme.origin, replacesBuiltIn: replaces, problem: nil))
            } catch {
                result.append(Listing(name: name, summary: "", origin: .file(path: url.path), replacesBuiltIn: replaces, problem: error))
            }
        }
        return result
    }

    private static func userThemeFiles(environment: [String: String]) -> [(name: String, url: URL)] {
        let folder = userFolder(environment: environment)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.sorted().map { file in
            (String(file.dropLast(5)), folder.appendingPathComponent(file))
        }
    }
}
