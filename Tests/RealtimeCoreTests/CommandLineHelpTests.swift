import Foundation
import Testing

@testable import RealtimeCore

/// What `rtconsole --help` and `--version` say.
struct CommandLineHelpTests {
    @Test func theTopHelpPointsToTheCallsOptionsAndTheVersionIsShown() async throws {
        let help = try await TestEnvironment.run(TestEnvironment.binary, ["--help"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(help.status == 0)
        #expect(help.output.contains("rtconsole help console"), "\(help.output)")
        #expect(help.output.contains("GPT-Live"))
        let version = try await TestEnvironment.run(TestEnvironment.binary, ["--version"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(version.output)")
    }
}
