import ArgumentParser

/// The `rtconsole` command: a terminal console for realtime speech-to-speech sessions.
@main
struct RTConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtconsole",
        abstract: "A terminal console for OpenAI Realtime speech-to-speech calls and compatible servers.",
        discussion: """
            With no API key and no --endpoint, rtconsole talks to its built-in local simulator.
            Set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY with --azure-endpoint) to reach the real service.
            """,
        subcommands: [ConsoleCommand.self, SimCommand.self, DevicesCommand.self, ExportCommand.self, ThemesCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
