import ArgumentParser
import Foundation

/// The `rtconsole` command: a terminal console for realtime speech-to-speech sessions.
@main
struct RTConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtconsole",
        abstract: "A terminal console for speech-to-speech calls with OpenAI's voice APIs (Realtime and GPT-Live) and compatible servers.",
        discussion: """
            With no subcommand rtconsole starts a call with the options below. With no API key and no --endpoint it talks to its built-in local simulator; set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY with --azure-endpoint) to reach the real service.
            """,
        version: "0.9.0",
        subcommands: [ConsoleCommand.self, SimCommand.self, DevicesCommand.self, ExportCommand.self, ThemesCommand.self]
    )

    @OptionGroup var call: CallOptions

    func run() async throws {
        try await call.run()
    }

    /// Runs the command. Bad input gets one line (what was wrong, what is allowed, what to do) and exit
    /// code 2, without the usage lines ArgumentParser adds; `--help` and the other exits are its own.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help", arguments.count > 1, !subcommandNames.contains(arguments[1]) {
            FileHandle.standardError.write(Data("Error: there is no command '\(arguments[1])'; \(commandList)\n".utf8))
            Foundation.exit(2)
        }
        // A subcommand is parsed under a root without the call's options, so that its own options of the same
        // names (`sim --dialect`, `sim --scenario`, `export --output`) stay its own.
        let namesSubcommand = arguments.first.map { subcommandNames.contains($0) } == true && !(arguments.first == "help" && arguments.count == 1)
        let root: any ParsableCommand.Type = namesSubcommand ? RTConsoleSubcommands.self : RTConsole.self
        do {
            var command = try root.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard root.exitCode(for: error) == .validationFailure else { root.exit(withError: error) }
            var line = root.message(for: error)
            if line.hasPrefix("Unexpected argument"), !subcommandNames.contains(arguments.first ?? "") { line += "; \(commandList)" }
            FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
            Foundation.exit(2)
        }
    }

    /// The subcommands' names, and `help`.
    static var subcommandNames: [String] {
        var names: [String] = ["help"]
        for command in configuration.subcommands { names.append(command.configuration.commandName ?? "") }
        return names
    }

    /// What a mistyped command is told.
    static var commandList: String {
        "the commands are \(subcommandNames.dropFirst().joined(separator: ", ")) (rtconsole --help shows them and the call's options)"
    }
}

/// `rtconsole SUBCOMMAND …`: the subcommands under a root of their own, without the call's options.
struct RTConsoleSubcommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtconsole", version: RTConsole.configuration.version, subcommands: RTConsole.configuration.subcommands)
}
