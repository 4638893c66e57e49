import ArgumentParser
import ConsoleSettings
import ConsoleUI
import Foundation

/// `rtconsole themes`: lists the console's themes and where each comes from.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the console's themes and where they come from.",
        discussion: """
            Built-in themes are compiled in (the same files as themes/*.toml in the package). User themes are NAME.toml files in $XDG_CONFIG_HOME/rtconsole/themes (else ~/.config/rtconsole/themes); one named like a built-in theme replaces it.

            Choose one with --theme NAME or --theme PATH. NO_COLOR selects mono unless --theme is given.
            """
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let listings = ThemeCatalog.listing(environment: environment)
        let nameWidth = max(12, listings.map(\.name.count).max() ?? 0) + 2
        for listing in listings {
            var origin: String
            switch listing.origin {
            case .builtIn: origin = "built in"
            case .file(let path): origin = path
            }
            if listing.name == ThemeCatalog.defaultName, listing.origin == .builtIn { origin += " (default)" }
            if listing.replacesBuiltIn { origin += " (replaces the built-in one)" }
            let about = listing.problem.map { "BROKEN: \($0.description)" } ?? listing.summary
            Console.standardOutput(
                listing.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + origin + "\n" + String(repeating: " ", count: nameWidth)
                    + about)
        }
        let folder = ThemeCatalog.userFolder(environment: environment).path
        Console.standardOutput("\nUser themes: \(folder)/NAME.toml. Use one with --theme NAME or --theme PATH.")
        if !(environment["NO_COLOR"] ?? "").isEmpty {
            Console.standardOutput("NO_COLOR is set: the console uses the mono theme unless --theme is given.")
        }
    }
}
