import ArgumentParser

/// The default command: a live call in the full-screen console, or headless with --headless.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Start a call (the default).")

    func run() async throws {
        throw ValidationError("the console is not built yet")
    }
}
