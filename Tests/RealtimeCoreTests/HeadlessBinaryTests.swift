import Foundation
import Testing
@testable import RealtimeCore

/// The real `rtconsole --headless` binary on its embedded simulator.
@Suite(.serialized) struct HeadlessBinaryTests {
    var environmentWithoutKeys: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"] { env[key] = nil }
        return env
    }

    @Test func headlessCallWritesAudioEventsAndTranscript() throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        let speech = TestSignals.silence(ms: 300) + TestSignals.voiced(ms: 1000) + TestSignals.silence(ms: 300)
        try TestSignals.writeWAV(Resampler.resample(speech, from: 24_000, to: 48_000), rate: 48_000, to: input)
        let output = folder.appendingPathComponent("out.wav")
        let events = folder.appendingPathComponent("events.jsonl")
        let export = folder.appendingPathComponent("transcript.json")
        let run = try TestEnvironment.run(TestEnvironment.binary, [
            "--headless", "--say", "Hello from the test", "--input", input.path, "--output", output.path, "--events", events.path,
            "--export", export.path, "--fast",
        ], environment: environmentWithoutKeys)
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
        let check = try TestEnvironment.checkConformance(events, dialect: "ga")
        #expect(check.status == 0, "rt-conformance: \(check.output)")
    }

    @Test func aNonPCMWavIsRefusedInOneLine() throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("mp3.wav")
        var data = Data("RIFF".utf8)
        data.append(contentsOf: [40, 0, 0, 0])
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        data.append(contentsOf: [16, 0, 0, 0, 0x55, 0, 1, 0, 0x44, 0xAC, 0, 0, 0, 0x7D, 0, 0, 1, 0, 0, 0])
        data.append(contentsOf: Array("data".utf8))
        data.append(contentsOf: [4, 0, 0, 0, 1, 2, 3, 4])
        try data.write(to: input)
        let run = try TestEnvironment.run(TestEnvironment.binary, ["--headless", "--input", input.path, "--fast"], environment: environmentWithoutKeys)
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
    func badFlagsGetOneClearLine(_ arguments: [String], _ mention: String) throws {
        let run = try TestEnvironment.run(TestEnvironment.binary, arguments, environment: environmentWithoutKeys)
        #expect(run.status != 0)
        let errorLine = run.error.split(separator: "\n").first { $0.hasPrefix("Error:") || $0.contains("error") } ?? ""
        #expect(errorLine.contains(mention), "stderr: \(run.error)")
    }

    @Test func anUnreachableEndpointFailsFastWithOneLine() throws {
        let run = try TestEnvironment.run(TestEnvironment.binary, ["--headless", "--say", "hi", "--endpoint", "ws://127.0.0.1:1/v1"],
                                          environment: environmentWithoutKeys)
        #expect(run.status == 1)
        #expect(run.error.contains("cannot reach 127.0.0.1:1"), "stderr: \(run.error)")
    }
}
