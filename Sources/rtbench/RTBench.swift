import ArgumentParser

/// The `rtbench` command: rtconsole's benchmarks, one subcommand per figure of BENCHMARKS.md, and a report.
///
/// Run by hand through `scripts/bench`, which builds everything in release mode, makes the inputs,
/// starts a private PulseAudio daemon and calls each figure in turn. Never run from CI or the tests.
@main
struct RTBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtbench",
        abstract: "rtconsole's benchmarks (run them with scripts/bench).",
        subcommands: [
            MicroCommand.self, HeadlessCommand.self, MemoryCommand.self, CapacityCommand.self, AudioPathCommand.self, ConsoleLoadCommand.self,
            StallsCommand.self, LiveCallCommand.self, LiveCapacityCommand.self,
            ReportCommand.self,
        ]
    )
}
