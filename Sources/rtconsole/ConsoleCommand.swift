import ArgumentParser

/// `rtconsole console`: the call, by name (`rtconsole help console` shows its options; `rtconsole` alone
/// takes the same options).
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Start a call (also what rtconsole does with no subcommand).",
        discussion: CallOptions.discussion
    )

    @OptionGroup var call: CallOptions

    func run() async throws {
        try await call.run()
    }
}
