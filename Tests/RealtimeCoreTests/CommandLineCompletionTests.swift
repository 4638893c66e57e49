import Foundation
import Testing

/// Shell completion as a person meets it: bash (installed here) runs the script the binary generates, and
/// the candidates for a half-typed line are read back; zsh and fish scripts carry the same options.
@Suite(.serialized) struct CommandLineCompletionTests {
    /// Sources the generated script into bash and prints the candidates for the line in $1, one per line
    /// (the last word is the one being completed; a trailing space starts a new word).
    static let harness = """
        shopt -s extglob
        . "$COMPLETION_SCRIPT"
        line="$1"
        read -ra COMP_WORDS <<<"$line"
        [[ "$line" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$line"
        COMP_POINT=${#line}
        function=$(complete -p rtconsole | sed -E 's/.*-F ([^ ]+).*/\\1/')
        "$function" rtconsole "${COMP_WORDS[$COMP_CWORD]}" "${COMP_WORDS[$COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """

    func candidates(_ line: String, in folder: URL) async throws -> [String] {
        var environment = TestEnvironment.environmentWithoutKeys
        environment["COMPLETION_SCRIPT"] = folder.appendingPathComponent("rtconsole.bash").path
        environment["PATH"] = URL(fileURLWithPath: TestEnvironment.binary).deletingLastPathComponent().path + ":/usr/bin:/bin"
        environment["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config").path
        let run = try await TestEnvironment.run("/bin/bash", [folder.appendingPathComponent("harness.sh").path, line], environment: environment)
        #expect(run.status == 0, "bash: \(run.error)")
        return run.output.split(separator: "\n").map(String.init)
    }

    func prepared() async throws -> URL {
        let folder = try TestEnvironment.temporaryFolder()
        let script = try await TestEnvironment.run(TestEnvironment.binary, ["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        try script.output.write(to: folder.appendingPathComponent("rtconsole.bash"), atomically: true, encoding: .utf8)
        try Self.harness.write(to: folder.appendingPathComponent("harness.sh"), atomically: true, encoding: .utf8)
        let themes = folder.appendingPathComponent("config/rtconsole/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "".write(to: themes.appendingPathComponent("sunset.toml"), atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent("call.wav"), atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theCallsOptionsCompleteWithoutASubcommand() async throws {
        let folder = try await prepared()
        #expect(try await candidates("rtconsole --th", in: folder) == ["--threshold", "--theme"])
        #expect(try await candidates("rtconsole --no-a", in: folder) == ["--no-audio"])
        #expect(try await candidates("rtconsole s", in: folder) == ["sim"], "subcommands still complete")
        #expect(try await candidates("rtconsole console --th", in: folder) == ["--threshold", "--theme"])
    }

    @Test func valuesCompleteWhereTheyFit() async throws {
        let folder = try await prepared()
        let themes = try await candidates("rtconsole --theme ", in: folder)
        #expect(themes.contains("dark") && themes.contains("high-contrast"), "\(themes)")
        #expect(themes.contains("sunset"), "the user's own theme: \(themes)")
        #expect(!themes.contains("sim"), "no subcommands where a theme goes")
        #expect(try await candidates("rtconsole --voice ma", in: folder) == ["marin"])
        #expect(try await candidates("rtconsole --model gpt-live-1.", in: folder) == ["gpt-live-1.1"])
        let recordings = try await candidates("rtconsole --record \(folder.path)/", in: folder)
        #expect(recordings.contains("\(folder.path)/call.wav"), "\(recordings)")
        #expect(recordings.contains("\(folder.path)/config"), "folders, to go into: \(recordings)")
        #expect(!recordings.contains("\(folder.path)/notes.txt"), "only WAV files for a recording: \(recordings)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["PULSE_SERVER"] != nil, "needs the test PulseAudio daemon"))
    func devicesCompleteFromTheSoundServer() async throws {
        let folder = try await prepared()
        var environment = TestEnvironment.environmentWithoutKeys
        environment["PULSE_SERVER"] = ProcessInfo.processInfo.environment["PULSE_SERVER"]
        let sources = try await candidates("rtconsole --input-device rt_", in: folder)
        #expect(sources.contains("rt_mic.monitor"), "\(sources)")
        let sinks = try await candidates("rtconsole --output-device rt_", in: folder)
        #expect(sinks.contains("rt_speaker") && !sinks.contains("rt_mic.monitor"), "\(sinks)")
    }

    @Test(arguments: ["zsh", "fish"])
    func theOtherShellsScriptsOfferTheCallsOptionsAndValues(_ shell: String) async throws {
        let script = try await TestEnvironment.run(TestEnvironment.binary, ["--generate-completion-script", shell])
        #expect(script.status == 0)
        let text = script.output
        for word in ["theme", "input-device", "no-audio", "voice", "marin", "---completion"] {
            #expect(text.contains(word), "\(shell) script lacks \(word)")
        }
    }
}
