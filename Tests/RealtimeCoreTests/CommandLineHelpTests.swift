import Foundation
import Testing

@testable import RealtimeCore

/// What `rtconsole --help`, `--version` and a mistyped command say.
@Suite(.serialized) struct CommandLineHelpTests {
    @Test func theTopHelpShowsTheCallsOptionsAndTheSubcommandsAndTheVersionIsShown() async throws {
        let help = try await TestEnvironment.run(TestEnvironment.binary, ["--help"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(help.status == 0)
        for text in ["GPT-Live", "--voice <voice>", "--headless", "--theme <NAME|PATH>", "SUBCOMMANDS:", "devices"] {
            #expect(help.output.contains(text), "the top help lacks \(text)")
        }
        let version = try await TestEnvironment.run(TestEnvironment.binary, ["--version"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(version.output)")
    }

    @Test func aMistypedCommandListsTheCommandsAndFails() async throws {
        let unknown = try await TestEnvironment.run(TestEnvironment.binary, ["foo"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(unknown.status == 2)
        #expect(
            unknown.error
                == "Error: Unexpected argument 'foo'; the commands are console, sim, devices, export, themes (rtconsole --help shows them and the call's options)\n"
        )
        let help = try await TestEnvironment.run(TestEnvironment.binary, ["help", "foo"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(help.status == 2)
        #expect(help.error.hasPrefix("Error: there is no command 'foo'; the commands are console, sim"), "\(help.error)")
        #expect(help.output.isEmpty)
        let sim = try await TestEnvironment.run(TestEnvironment.binary, ["help", "sim"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(sim.status == 0)
        #expect(sim.output.hasPrefix("OVERVIEW: Run the local simulator of the Realtime and GPT-Live APIs."))
    }

    @Test(arguments: [[], ["sim"], ["themes"], ["devices"], ["export"], ["console"]])
    func everyHelpFitsEightyColumnsAndWrapsOnlyWhereALineIsFull(_ command: [String]) async throws {
        let help = try await TestEnvironment.run(TestEnvironment.binary, command + ["--help"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(help.status == 0)
        let lines = help.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(line.count <= 80, "\(command) --help: a line of \(line.count) columns: \(line)") }
        // The prose before USAGE is wrapped by ArgumentParser at 80 columns; a line that ends early although the
        // next word would have fitted was broken by hand in the source.
        let prose = lines.prefix { !$0.hasPrefix("USAGE:") }
        for (line, next) in zip(prose, prose.dropFirst()) where !line.isEmpty && !next.isEmpty {
            let word = next.split(separator: " ").first.map(String.init) ?? ""
            #expect(line.count + 1 + word.count >= 80, "\(command) --help breaks a sentence early: \(line) / \(next)")
        }
    }

    @Test func aSubcommandKeepsItsOwnOptionsThatShareANameWithTheCalls() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let scenario = folder.appendingPathComponent("scenario.json")
        try #"{"name": "named", "turns": [{"reply": "From the scenario."}]}"#.write(to: scenario, atomically: true, encoding: .utf8)
        let sim = try await TestEnvironment.run(
            TestEnvironment.binary, ["sim", "--port", "0", "--dialect", "beta", "--scenario", scenario.path, "--max-session-minutes", "2"],
            environment: TestEnvironment.environmentWithoutKeys, interrupt: (SIGINT, .seconds(1)))
        #expect(sim.output.contains("(dialect beta)"), "sim's own --dialect: \(sim.output) \(sim.error)")
        #expect(!sim.error.contains("Error"), "\(sim.error)")
    }
}
