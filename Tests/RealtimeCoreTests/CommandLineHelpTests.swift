import Foundation
import Testing

@testable import RealtimeCore

/// What `rtconsole --help`, `--version` and a mistyped command say.
struct CommandLineHelpTests {
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
        #expect(sim.output.hasPrefix("OVERVIEW: Run the local Realtime simulator."))
    }
}
