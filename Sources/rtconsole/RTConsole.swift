import ArgumentParser
import Foundation

/// The `rtconsole` command: a terminal console for realtime speech-to-speech sessions.
@main
struct RTConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtconsole",
        abstract: "A terminal console for speech-to-speech calls with OpenAI's voice APIs (Realtime and GPT-Live) and compatible servers.",
        discussion: """
            With no API key and no --endpoint, rtconsole talks to its built-in local simulator.
            Set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY with --azure-endpoint) to reach the real service.
            A call's options (model, voice, turn detection, GPT-Live delegation, audio, headless mode): rtconsole help console.
            """,
        version: "0.9.0",
        subcommands: [ConsoleCommand.self, SimCommand.self, DevicesCommand.self, ExportCommand.self, ThemesCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )

    /// Runs the command. Bad input gets one line (what was wrong, what is allowed, what to do) and exit
    /// code 2, without the usage lines ArgumentParser adds; `--help` and the other exits are its own.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data("Error: \(message(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}
