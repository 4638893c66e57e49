import Foundation
import Testing

@testable import RealtimeCore

/// Headless waits for the replies themselves, never for a moment of quiet.
@Suite(.serialized) struct HeadlessWaitTests {
    @Test func aServerThatStallsBeforeEachReplyStillAnswersEveryMessage() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let scenario = folder.appendingPathComponent("stall.json")
        try #"{"after_last_turn": "repeat_last", "turns": [{"faults": [{"at": "before_response", "action": "stall", "seconds": 1}]}]}"#
            .write(to: scenario, atomically: true, encoding: .utf8)
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            ["--headless", "--modalities", "text", "--say", "alpha", "--say", "beta", "--say", "gamma", "--scenario", scenario.path, "--fast"],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.error.contains("done: 3 replies"), "stderr: \(run.error)")
        for word in ["alpha", "beta", "gamma"] { #expect(run.output.contains("You said: \(word)"), "stdout: \(run.output)") }
    }

    @Test func typedMessagesAreAnsweredBeforeTheAudioStarts() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        try TestSignals.writeWAV(TestSignals.voiced(ms: 1200) + TestSignals.silence(ms: 300), rate: 24_000, to: input)
        let export = folder.appendingPathComponent("call.json")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--say", "Hello first", "--input", input.path, "--export", export.path, "--fast"],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        let items = try #require(try JSONParser.parse(String(contentsOf: export, encoding: .utf8))["items"]?.arrayValue)
        let replies = items.filter { $0["role"] == "assistant" }
        let answer = try #require(replies.first { $0["text"]?.stringValue?.hasPrefix("You said: Hello first") == true })
        #expect(answer["interrupted"] == nil, "the typed message's reply was not cut by the audio")
        #expect(replies.contains { $0["text"]?.stringValue?.hasPrefix("I heard") == true }, "then the audio is answered")
    }

    @Test func aSlowToolIsWaitedForAndItsAnswerSpoken() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let scenario = folder.appendingPathComponent("tool.json")
        try #"{"turns": [{"tool_call": {"name": "slow_lookup", "arguments": {}}, "reply": "The slow lookup answered."}]}"#
            .write(to: scenario, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("config.toml")
        try """
        [[tools]]
        name = "slow_lookup"
        command = "sleep 2; echo '{\\"ok\\": true}'"
        timeout_seconds = 10
        """.write(to: config, atomically: true, encoding: .utf8)
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            ["--headless", "--modalities", "text", "--say", "look it up", "--scenario", scenario.path, "--config", config.path, "--fast"],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.output.contains("The slow lookup answered."), "stdout: \(run.output)")
        #expect(run.error.contains("done: 2 replies"), "stderr: \(run.error)")
    }
}

/// One output that cannot be written never takes the others with it.
@Suite(.serialized) struct HeadlessOutputFailureTests {
    @Test func aRecordingThatCannotBeFinishedLeavesTheExportAndTheOutput() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let doomed = folder.appendingPathComponent("doomed")
        try FileManager.default.createDirectory(at: doomed, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("in.wav")
        try TestSignals.writeWAV(TestSignals.voiced(ms: 1500) + TestSignals.silence(ms: 2500), rate: 24_000, to: input)
        let export = folder.appendingPathComponent("call.json")
        let output = folder.appendingPathComponent("out.wav")
        let remover = Task {
            try? await Task.sleep(for: .seconds(1))
            try? FileManager.default.removeItem(at: doomed)
        }
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--headless", "--input", input.path, "--record", doomed.appendingPathComponent("rec.wav").path, "--export", export.path,
                "--output", output.path,
            ], environment: TestEnvironment.environmentWithoutKeys)
        await remover.value
        #expect(run.status == 1, "stderr: \(run.error)")
        #expect(run.error.contains("rec.wav"), "the failed file is named: \(run.error)")
        #expect(run.error.contains("the call's record is in") && run.error.contains("call.json"), "stderr: \(run.error)")
        #expect(FileManager.default.fileExists(atPath: export.path), "the export is written")
        #expect(FileManager.default.fileExists(atPath: output.path), "the output WAV is written")
    }

    @Test func aSessionThatCannotBeSavedIsKeptInTheTemporaryFolderAndSaidSo() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let blocker = folder.appendingPathComponent("state")
        try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        var environment = TestEnvironment.environmentWithoutKeys
        environment["XDG_STATE_HOME"] = blocker.path
        environment["TMPDIR"] = temporary.path
        let run = try await TestEnvironment.run(TestEnvironment.binary, ["--headless", "--say", "Keep me", "--fast"], environment: environment)
        #expect(run.error.contains("the session was NOT saved to \(blocker.path)/rtconsole/sessions/"), "stderr: \(run.error)")
        #expect(run.error.contains("\(blocker.path) is a file, not a folder"), "the reason in plain words: \(run.error)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.hasPrefix("rtconsole-session-") }
        #expect(kept.count == 1, "\(kept)")
        let fallback = temporary.appendingPathComponent(try #require(kept.first))
        #expect(run.error.contains("it is kept in \(fallback.path) instead"), "stderr: \(run.error)")
        #expect(try String(contentsOf: fallback, encoding: .utf8).contains("Keep me"), "the fallback file holds the call")
        #expect(!run.error.contains("NSCocoaErrorDomain"))
    }
}

/// A call in which nothing was said leaves no session file.
struct EmptyCallTests {
    @Test func silenceAloneSavesNoSession() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("silence.wav")
        try TestSignals.writeWAV(TestSignals.silence(ms: 500), rate: 24_000, to: input)
        var environment = TestEnvironment.environmentWithoutKeys
        environment["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
        let run = try await TestEnvironment.run(TestEnvironment.binary, ["--headless", "--input", input.path, "--fast"], environment: environment)
        #expect(run.status == 0, "stderr: \(run.error)")
        let sessions = folder.appendingPathComponent("state/rtconsole/sessions")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
        #expect(files.isEmpty, "no session file for a call without a word: \(files)")
        #expect(!run.error.contains("session saved"))
    }
}

/// Signals end a headless call like the end of its input: what exists is written, and the exit code says which signal.
@Suite(.serialized) struct HeadlessSignalTests {
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalEndsTheCallLikeTheEndOfItsInput(_ signal: Int32) async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        var speech: [Int16] = []
        for _ in 0..<6 { speech += TestSignals.voiced(ms: 1200) + TestSignals.silence(ms: 1500) }
        try TestSignals.writeWAV(speech, rate: 24_000, to: input)
        let output = folder.appendingPathComponent("out.wav")
        let export = folder.appendingPathComponent("call.json")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--input", input.path, "--output", output.path, "--export", export.path],
            environment: TestEnvironment.environmentWithoutKeys, interrupt: (signal, .seconds(5)))
        #expect(run.status == 128 + signal, "stderr: \(run.error)")
        #expect(run.error.contains("ending the call and writing what it has"), "stderr: \(run.error)")
        let transcript = try JSONParser.parse(String(contentsOf: export, encoding: .utf8))
        #expect((transcript["items"]?.arrayValue?.count ?? 0) >= 1, "what was said before the signal is exported")
        #expect(try WAVAudio.read(contentsOf: output).sampleRate == 24_000)
    }
}
