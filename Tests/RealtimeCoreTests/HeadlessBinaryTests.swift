import Foundation
import Testing

@testable import RealtimeCore

/// The real `rtconsole --headless` binary on its embedded simulator.
@Suite(.serialized) struct HeadlessBinaryTests {
    @Test func headlessCallWritesAudioEventsAndTranscript() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        let speech = TestSignals.silence(ms: 300) + TestSignals.voiced(ms: 1000) + TestSignals.silence(ms: 300)
        try TestSignals.writeWAV(Resampler.resample(speech, from: 24_000, to: 48_000), rate: 48_000, to: input)
        let output = folder.appendingPathComponent("out.wav")
        let events = folder.appendingPathComponent("events.jsonl")
        let export = folder.appendingPathComponent("transcript.json")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--headless", "--say", "Hello from the test", "--input", input.path, "--output", output.path, "--events", events.path,
                "--export", export.path, "--fast",
            ], environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.error.contains("local simulator"))
        #expect(run.output.contains("user: Hello from the test"))
        #expect(run.output.contains("assistant:"))
        let wav = try WAVAudio.read(contentsOf: output)
        #expect(wav.sampleRate == 24_000 && wav.channels == 1)
        #expect(wav.samples.count > 24_000)
        let transcript = try JSONParser.parse(String(contentsOf: export, encoding: .utf8))
        #expect(transcript["schema_version"] == 1)
        let items = try #require(transcript["items"]?.arrayValue)
        #expect(items.filter { $0["role"] == "assistant" }.count >= 2)
        #expect((transcript["turns"]?.arrayValue?.count ?? 0) >= 2)
        let check = try await TestEnvironment.checkConformance(events, dialect: "ga")
        #expect(check.status == 0, "conformance: \(check.output)")
    }

    @Test func aNonPCMWavIsRefusedInOneLine() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("mp3.wav")
        var data = Data("RIFF".utf8)
        data.append(contentsOf: [40, 0, 0, 0])
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        data.append(contentsOf: [16, 0, 0, 0, 0x55, 0, 1, 0, 0x44, 0xAC, 0, 0, 0, 0x7D, 0, 0, 1, 0, 0, 0])
        data.append(contentsOf: Array("data".utf8))
        data.append(contentsOf: [4, 0, 0, 0, 1, 2, 3, 4])
        try data.write(to: input)
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--input", input.path, "--fast"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 1)
        let lines = run.error.split(separator: "\n").filter { $0.contains("error") }
        #expect(lines.count == 1, "stderr: \(run.error)")
        #expect(run.error.contains("mp3.wav"))
    }

    @Test(arguments: [
        (["--temperature", "1.5"], "temperature"),
        (["--threshold", "2"], "threshold"),
        (["--voice", "fable"], "voice"),
        (["--dialect", "klingon"], "dialect"),
        (["--input", "x.wav"], "--headless"),
        (["--headless"], "--input"),
        (["--endpoint", "ftp://example.com", "--headless", "--say", "hi"], "ws://"),
    ])
    func badFlagsGetOneClearLine(_ arguments: [String], _ mention: String) async throws {
        let run = try await TestEnvironment.run(TestEnvironment.binary, arguments, environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status != 0)
        let errorLine = run.error.split(separator: "\n").first { $0.hasPrefix("Error:") || $0.contains("error") } ?? ""
        #expect(errorLine.contains(mention), "stderr: \(run.error)")
    }

    @Test(arguments: [
        (["--reasoning-effort", "extreme"], "'extreme' is invalid for '--reasoning-effort"),
        (["--model", "gpt-realtime-1.5", "--reasoning-effort", "high"], "gpt-realtime-1.5 does not reason"),
        (["--truncation", "1.5"], "--truncation retention ratio 1.5 is outside 0…1"),
        (["--transcription-model", "whisper-9"], "--transcription-model whisper-9 is not a transcription model"),
        (["--transcription-language", "english"], "not an ISO-639-1 code"),
        (["--temperature", "0.9"], "--temperature is for the beta dialect"),
        (["--eagerness", "high"], "--eagerness applies to semantic VAD, and --turn-detection is server-vad"),
        (["--turn-detection", "semantic-vad", "--idle-timeout-ms", "6000"], "--idle-timeout-ms applies to server VAD"),
        (["--azure-deployment", "my-dep"], "--azure-deployment needs an Azure resource"),
    ])
    func badSessionFieldsExitWith2AndOneLine(_ arguments: [String], _ mention: String) async throws {
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, arguments + ["--headless", "--say", "hi"], environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 2, "stderr: \(run.error)")
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 1, "one line, no usage: \(run.error)")
        #expect(lines.first?.contains(mention) == true, "stderr: \(run.error)")
    }

    @Test func exportTakesItsFormatFromTheOutputFileAndRefusesAMissingFolder() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let session = folder.appendingPathComponent("call.json")
        let made = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--say", "Hello there", "--fast", "--export", session.path],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(made.status == 0, "stderr: \(made.error)")
        let srt = folder.appendingPathComponent("out.srt")
        let converted = try await TestEnvironment.run(
            TestEnvironment.binary, ["export", session.path, "-o", srt.path], environment: TestEnvironment.environmentWithoutKeys)
        #expect(converted.status == 0, "stderr: \(converted.error)")
        let text = try String(contentsOf: srt, encoding: .utf8)
        #expect(text.hasPrefix("1\n00:00:"), "an .srt file holds SubRip cues: \(text.prefix(80))")
        let missing = folder.appendingPathComponent("nowhere/x.md")
        let refused = try await TestEnvironment.run(
            TestEnvironment.binary, ["export", session.path, "-o", missing.path], environment: TestEnvironment.environmentWithoutKeys)
        #expect(refused.status == 2)
        #expect(refused.error.contains("does not exist"), "stderr: \(refused.error)")
        #expect(!FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path), "no folder is created")
        let transcript = try await TestEnvironment.run(
            TestEnvironment.binary, ["export", srt.path], environment: TestEnvironment.environmentWithoutKeys)
        #expect(transcript.status == 2)
        #expect(transcript.error.contains("is a transcript (.srt), not a saved session"), "stderr: \(transcript.error)")
        #expect(transcript.error.contains("--history"), "it says what a transcript is good for: \(transcript.error)")
    }

    @Test func theBetaDialectAloneStartsWithABetaVoice() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let events = folder.appendingPathComponent("events.jsonl")
        var environment = TestEnvironment.environmentWithoutKeys
        environment["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--dialect", "beta", "--headless", "--say", "hi", "--fast", "--events", events.path], environment: environment)
        #expect(run.status == 0, "stderr: \(run.error)")
        let update = try String(contentsOf: events, encoding: .utf8).split(separator: "\n").first { $0.contains("\"session.update\"") }
        #expect(try JSONParser.parse(String(try #require(update)))["event"]?["session"]?["voice"] == "alloy")
        let sessions = folder.appendingPathComponent("state/rtconsole/sessions")
        let saved = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions.path).first { $0.hasSuffix(".json") })
        let record = try JSONParser.parse(String(contentsOf: sessions.appendingPathComponent(saved), encoding: .utf8))
        #expect(record["ended_at"]?.stringValue != nil, "a finished call's record says when it ended")
    }

    @Test func theConfigFilesSessionTableSetsTheNewFieldsAndFlagsWin() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let config = folder.appendingPathComponent("config.toml")
        try """
        [session]
        reasoning_effort = "high"
        truncation = "0.7"
        transcription_logprobs = true
        """.write(to: config, atomically: true, encoding: .utf8)
        let events = folder.appendingPathComponent("events.jsonl")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            ["--headless", "--say", "hi", "--fast", "--config", config.path, "--reasoning-effort", "medium", "--events", events.path],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        let update = try String(contentsOf: events, encoding: .utf8).split(separator: "\n").first { $0.contains("\"session.update\"") }
        let sent = try JSONParser.parse(String(try #require(update)))["event"]?["session"]
        #expect(sent?["reasoning"]?["effort"] == "medium", "the flag wins over the file")
        #expect(sent?["truncation"]?["retention_ratio"] == 0.7)
        #expect(sent?["include"] == ["item.input_audio_transcription.logprobs"])
        try "[session]\nreasoning_effort = \"extreme\"\n".write(to: config, atomically: true, encoding: .utf8)
        let bad = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--say", "hi", "--config", config.path], environment: TestEnvironment.environmentWithoutKeys)
        #expect(bad.status == 2)
        #expect(bad.error.contains("config.toml:2 (reasoning_effort)"), "stderr: \(bad.error)")
    }

    @Test func anUnreachableEndpointFailsFastWithOneLine() async throws {
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--say", "hi", "--endpoint", "ws://127.0.0.1:1/v1"],
            environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 1)
        #expect(run.error.contains("cannot reach 127.0.0.1:1"), "stderr: \(run.error)")
    }
}

/// A console killed with SIGKILL loses at most the turn in flight: its autosave loads back as history.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func theAutosaveOfAKilledCallLoadsBackAsHistory() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let scenario = folder.appendingPathComponent("scenario.json")
        try """
        {"name": "crash", "turns": [
          {"reply": "The code word is pineapple.", "preamble": false},
          {"reply": "This reply never finishes.", "preamble": false, "faults": [{"at": "after_first_audio_delta", "action": "stall", "seconds": 120}]}
        ]}
        """.write(to: scenario, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        env["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["--headless", "--say", "Tell me the code word.", "--say", "And now a long story.", "--sim-scenario", scenario.path]
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let sessions = folder.appendingPathComponent("state/rtconsole/sessions")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        var saved: URL?
        while clock.now < deadline {
            if let file = try? FileManager.default.contentsOfDirectory(at: sessions, includingPropertiesForKeys: nil).first(where: {
                $0.pathExtension == "json"
            }),
                let record = try? SessionRecord.load(contentsOf: file), record.turns.count == 1
            {
                saved = file
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let autosave = try #require(saved, "no autosave with one finished turn appeared")
        try await Task.sleep(for: .milliseconds(500))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let record = try SessionRecord.load(contentsOf: autosave)
        #expect(record.entries.first?.text == "Tell me the code word.")
        #expect(record.entries.contains { $0.text == "The code word is pineapple." })

        let events = folder.appendingPathComponent("events.jsonl")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--headless", "--history", autosave.path, "--say", "What was the code word?",
                "--events", events.path, "--fast",
            ], environment: env)
        #expect(run.status == 0, "stderr: \(run.error)")
        let created = try String(contentsOf: events, encoding: .utf8).split(separator: "\n").compactMap { line -> JSONValue? in
            guard let json = try? JSONParser.parse(String(line)), json["dir"] == "client", json["event"]?["type"] == "conversation.item.create" else {
                return nil
            }
            return json["event"]?["item"]
        }
        let texts = created.compactMap { $0["content"]?.arrayValue?.first?["text"]?.stringValue }
        #expect(texts.prefix(2) == ["Tell me the code word.", "The code word is pineapple."])
        #expect(texts.last == "What was the code word?")
        #expect(created.first?["content"]?.arrayValue?.first?["type"] == "input_text")
        #expect(created.dropFirst().first?["content"]?.arrayValue?.first?["type"] == "output_text")
    }
}

/// Tools declared in the config file are answered and the reply goes on.
@Suite(.serialized) struct FunctionCallingTests {
    func environment(_ folder: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        env["XDG_STATE_HOME"] = folder.path
        env["XDG_CONFIG_HOME"] = folder.path
        return env
    }

    @Test(arguments: [
        (
            "command = \"python3 -c 'import json,sys; a=json.load(sys.stdin); print(json.dumps({\\\"city\\\": a[\\\"city\\\"], \\\"temp_c\\\": 21}))'\"",
            "\"temp_c\": 21"
        ),
        ("output = '{\"temp_c\": 19}'", "{\"temp_c\": 19}"),
        ("command = \"exit 7\"", "exit status 7"),
    ])
    func theToolIsAnsweredAndTheReplyContinues(_ handler: String, _ expectedOutput: String) async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let config = folder.appendingPathComponent("config.toml")
        try """
        [[tools]]
        name = "get_weather"
        description = "Current weather for a city"
        parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
        \(handler)
        """.write(to: config, atomically: true, encoding: .utf8)
        let events = folder.appendingPathComponent("events.jsonl")
        let scenario = TestEnvironment.root.appendingPathComponent("scenarios/weather-tool.json")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--headless", "--say", "What is the weather like in Paris?", "--config", config.path, "--sim-scenario", scenario.path,
                "--events", events.path, "--modalities", "text", "--fast",
            ], environment: environment(folder))
        #expect(run.status == 0, "stderr: \(run.error)")
        let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        let sessionUpdate = lines.first { $0["dir"] == "client" && $0["event"]?["type"] == "session.update" }
        #expect(sessionUpdate?["event"]?["session"]?["tools"]?.arrayValue?.first?["name"] == "get_weather")
        let output = lines.first { $0["dir"] == "client" && $0["event"]?["item"]?["type"] == "function_call_output" }
        let outputText = try #require(output?["event"]?["item"]?["output"]?.stringValue)
        #expect(outputText.contains(expectedOutput), "tool output: \(outputText)")
        #expect(run.output.contains("It is sunny in Paris"), "stdout: \(run.output)")
        let check = try await TestEnvironment.checkConformance(events, dialect: "ga")
        #expect(check.status == 0, "conformance: \(check.output)")
    }

    @Test func aBrokenConfigFileIsRefusedWithItsLineAndKey() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let config = folder.appendingPathComponent("config.toml")
        try """
        [prices.gpt-realtime]
        text_input = 4.0
        audio_output = "sixty-four"
        """.write(to: config, atomically: true, encoding: .utf8)
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, ["--headless", "--say", "hi", "--config", config.path], environment: environment(folder))
        #expect(run.status != 0)
        #expect(run.error.contains("config.toml:3 (audio_output)"), "stderr: \(run.error)")
    }
}

/// Text replies spoken by the separate synthesiser take the playback path.
@Suite struct SeparateSpeechTests {
    @Test func textRepliesAreSpokenWithEspeak() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        env["XDG_STATE_HOME"] = folder.path
        let output = folder.appendingPathComponent("spoken.wav")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--headless", "--say", "Please answer in text.", "--modalities", "text", "--tts", "espeak-ng", "--output", output.path,
            ], environment: env)
        #expect(run.status == 0, "stderr: \(run.error)")
        let wav = try WAVAudio.read(contentsOf: output)
        let level = AudioLevel.measure(wav.samples)
        #expect(wav.samples.count > 24_000, "only \(wav.samples.count) samples of speech")
        #expect(level.rmsDBFS > -40, "speech level \(level.rmsDBFS) dBFS")
    }
}

/// `--fast` streams as fast as the server takes the audio, yet every turn still gets its whole reply.
@Suite struct FastHeadlessTests {
    @Test func everySentenceIsAnsweredAndNoReplyIsCut() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("four.wav")
        var speech: [Int16] = []
        for _ in 0..<4 { speech += TestSignals.voiced(ms: 900) + TestSignals.silence(ms: 1500) }
        try TestSignals.writeWAV(speech, to: input)
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        env["XDG_STATE_HOME"] = folder.path
        let run = try await TestEnvironment.run(TestEnvironment.binary, ["--headless", "--input", input.path, "--fast"], environment: env)
        #expect(run.status == 0, "stderr: \(run.error)")
        let turns = run.output.split(separator: "\n").filter { $0.hasPrefix("turn ") }
        #expect(turns.count == 4, "stdout: \(run.output)")
        #expect(turns.allSatisfy { $0.contains("completed") }, "stdout: \(run.output)")
    }
}

/// A tool that answers with a huge output: the terminal gets a shortened line, the record keeps it whole.
@Suite struct LongToolOutputTests {
    @Test func aHugeToolOutputIsShortenedOnTheTerminalAndKeptWholeInTheRecord() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let output = String(repeating: "x", count: 100_000)
        let config = folder.appendingPathComponent("config.toml")
        try """
        [[tools]]
        name = "get_weather"
        description = "Current weather for a city"
        parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
        output = '{"report": "\(output)"}'
        """.write(to: config, atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("tool.json")
        try """
        {"turns": [{"tool_call": {"name": "get_weather", "arguments": {"city": "Paris"}}, "reply": "Done.", "preamble": false}]}
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let export = folder.appendingPathComponent("call.json")
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        env["XDG_STATE_HOME"] = folder.path
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            ["--headless", "--say", "Weather?", "--fast", "--config", config.path, "--sim-scenario", scenario.path, "--export", export.path],
            environment: env)
        #expect(run.status == 0, "stderr: \(run.error)")
        let toolLine = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("tool: ") })
        #expect(toolLine.count < 2_100 && toolLine.contains("more characters in the record"), "\(toolLine.count) characters")
        let record = try String(contentsOf: export, encoding: .utf8)
        #expect(record.contains(output), "the record keeps the whole output")
    }
}
