import RealtimeCore
import Testing

@testable import ConsoleSettings

/// `config.toml`: each mistake is refused with its line and key; the `[session]` table is read.
@Suite struct ConfigFileTests {
    private func failure(_ text: String) -> ConfigFile.Failure? {
        do {
            _ = try ConfigFile.parse(text, path: "config.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func aToolNameTheServiceWouldRefuseIsRefused() {
        let error = failure("[[tools]]\nname = \"get weather!\"\noutput = '{}'\n")
        #expect(error?.key == "name")
        #expect(error?.line == 2)
        #expect(error?.message.contains("letters, digits, _ or -") == true)
    }

    @Test func aNegativeTimeoutIsRefusedEvenWithACannedAnswer() {
        let error = failure("[[tools]]\nname = \"get_weather\"\noutput = '{}'\ntimeout_seconds = -3\n")
        #expect(error?.key == "timeout_seconds")
        #expect(error?.message.contains("1…600") == true)
    }

    @Test func theSessionTableIsRead() throws {
        let file = try ConfigFile.parse(
            "[session]\nreasoning_effort = \"xhigh\"\ntruncation = \"0.6:9000\"\ntranscription_languages = [\"en\", \"no\"]\n", path: "config.toml")
        #expect(file.session.reasoningEffort == .xhigh)
        #expect(file.session.truncation == .retentionRatio(0.6, postInstructionsTokens: 9000))
        #expect(file.session.transcriptionLanguages == ["en", "no"])
        let unknown = failure("[session]\nvoice_speed = 2\n")
        #expect(unknown?.key == "voice_speed" && unknown?.line == 2)
    }
}
