import ConsoleUI
import Foundation
import Testing

@testable import ConsoleSettings

@Suite struct ThemeTests {
    private func withThemeFile(_ text: String, name: String = "broken", _ body: (URL, [String: String]) throws -> Void) throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-theme-test-\(UUID().uuidString)")
        let folder = config.appendingPathComponent("rtconsole/themes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: config) }
        let file = folder.appendingPathComponent("\(name).toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try body(file, ["XDG_CONFIG_HOME": config.path])
    }

    private func failure(_ load: () throws(ThemeError) -> Theme) -> ThemeError? {
        do {
            _ = try load()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ThemeCatalog.builtInNames)
    func everyShippedThemeParsesAndStylesEveryRole(name: String) throws {
        let theme = try #require(ThemeCatalog.builtIn(name))
        #expect(theme.name == name)
        #expect(!theme.summary.isEmpty)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test(arguments: ThemeCatalog.builtInNames)
    func theCompiledInThemesMatchTheFilesInThemesFolder(name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("themes/\(name).toml"), encoding: .utf8)
        #expect(BuiltinThemes.all.first { $0.name == name }?.text == file)
    }

    @Test func monoHasNoColourAndTheOthersDo() throws {
        #expect(try #require(ThemeCatalog.builtIn("mono")).usesColor == false)
        #expect(try #require(ThemeCatalog.builtIn("dark")).usesColor)
    }

    @Test func aBadColourIsRefusedWithItsLineAndKey() throws {
        let text = """
            name = "neon"

            [styles]
            text = { fg = "default" }
            user = { fg = "purplish", bold = true }
            """
        try withThemeFile(text) { file, environment in
            #expect(failure { () throws(ThemeError) in try ThemeCatalog.load(nameOrPath: "broken", environment: environment) } != nil)
            let error = try #require(failure { () throws(ThemeError) in try ThemeCatalog.load(nameOrPath: file.path, environment: environment) })
            #expect(error.kind == .invalid)
            #expect(error.line == 5)
            #expect(error.key == "styles.user.fg")
            #expect(error.description.hasPrefix("theme \(file.path), line 5, key styles.user.fg: 'purplish' is not a colour"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aSyntaxErrorIsRefusedWithItsLine() throws {
        let text = """
            name = "neon"
            [styles]
            text = { fg = "red"
            """
        try withThemeFile(text) { file, environment in
            let error = try #require(failure { () throws(ThemeError) in try ThemeCatalog.loadFile(file) })
            #expect(error.line == 3)
            #expect(error.description.contains("line 3"))
            #expect(error.description.contains("not valid TOML"))
        }
    }

    @Test func anUnknownRoleOrAttributeIsRefused() throws {
        let text = """
            [styles]
            text = { fg = "red" }
            [styles.user]
            fg = "blue"
            blink = true
            """
        try withThemeFile(text) { file, _ in
            let error = try #require(failure { () throws(ThemeError) in try ThemeCatalog.loadFile(file) })
            #expect(error.line == 5)
            #expect(error.key == "styles.user.blink")
        }
    }

    @Test func aUserThemeLoadsByNameWithABaseAndAPalette() throws {
        let text = """
            description = "Mine"
            base = "dark"
            [palette]
            hot = "#ff0000"
            [styles]
            user = { fg = "hot", bold = true }
            """
        try withThemeFile(text, name: "mine") { file, environment in
            let theme = try ThemeCatalog.load(nameOrPath: "mine", environment: environment)
            #expect(theme.origin == .file(path: file.path))
            #expect(theme.style(.user) == RoleStyle(foreground: .rgb(red: 255, green: 0, blue: 0), emphasis: .bold))
            #expect(theme.style(.assistant) == ThemeCatalog.builtIn("dark")?.style(.assistant))
            let listing = ThemeCatalog.listing(environment: environment)
            #expect(listing.map(\.name) == ["dark", "light", "high-contrast", "mono", "mine"])
        }
    }

    @Test func anUnknownNameListsTheThemes() {
        let error = failure { () throws(ThemeError) in try ThemeCatalog.load(nameOrPath: "neon", environment: ["XDG_CONFIG_HOME": "/nonexistent"]) }
        #expect(error?.kind == .unknownName)
        #expect(error?.description == "unknown theme 'neon'; available: dark, high-contrast, light, mono, or a path to a .toml file")
    }

    @Test func noColorSelectsMonoUnlessAThemeIsNamed() throws {
        let environment = ["NO_COLOR": "1", "XDG_CONFIG_HOME": "/nonexistent"]
        #expect(try ThemeCatalog.load(nameOrPath: nil, environment: environment).name == "mono")
        #expect(try ThemeCatalog.load(nameOrPath: "light", environment: environment).name == "light")
        #expect(try ThemeCatalog.load(nameOrPath: nil, environment: ["NO_COLOR": ""]).name == "dark")
    }

    @Test func aBrokenThemeFallsBackToTheDefault() throws {
        try withThemeFile("[styles]\ntext = 3\n") { file, environment in
            let (theme, problem) = ThemeCatalog.loadOrDefault(nameOrPath: file.path, environment: environment)
            #expect(theme.name == "dark")
            #expect(problem?.key == "styles.text")
            #expect(problem?.line == 2)
        }
    }

    @Test func coloursDegradeToWhatTheTerminalHas() {
        let orange = ThemeColor.indexed(214)
        #expect(orange.terminalIndex(colorCount: 256) == 214)
        #expect(orange.terminalIndex(colorCount: 16) == 3)
        #expect(orange.terminalIndex(colorCount: 8) == 3)
        #expect(ThemeColor.indexed(9).terminalIndex(colorCount: 8) == 1)
        #expect(ThemeColor.terminalDefault.terminalIndex(colorCount: 256) == -1)
        #expect(ThemeColor(name: "#5fafff")?.terminalIndex(colorCount: 256) == 75)
        let selection = RoleStyle(foreground: .indexed(255), background: .indexed(238), background16: .indexed(4))
        #expect(selection.terminalColors(colorCount: 256) == (255, 238))
        #expect(selection.terminalColors(colorCount: 8) == (7, 4))
    }
}
