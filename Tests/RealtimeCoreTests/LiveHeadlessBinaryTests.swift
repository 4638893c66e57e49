import AudioIO
import Foundation
import Testing

@testable import RealtimeCore

/// The real `rtconsole --headless` binary on a GPT-Live call to its embedded simulator.
@Suite(.serialized) struct LiveHeadlessBinaryTests {
    @Test func aLiveCallWritesEveryFileAndItsSeconds() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        let speech = TestSignals.silence(ms: 400) + TestSignals.voiced(ms: 1200) + TestSignals.silence(ms: 300)
        try TestSignals.writeWAV(speech, rate: 24_000, to: input)
        let output = folder.appendingPathComponent("out.wav")
        let events = folder.appendingPathComponent("events.jsonl")
        let export = folder.appendingPathComponent("call.json")
        let record = folder.appendingPathComponent("call.wav")
        let run = try await TestEnvironment.run(
            TestEnvironment.binary,
            [
                "--model", "gpt-live-1", "--headless", "--input", input.path, "--output", output.path, "--events", events.path,
                "--export", export.path, "--record", record.path, "--fast",
            ], environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 0, "stderr: \(run.error)")
        #expect(run.output.contains("assistant: I heard 1."), "stdout: \(run.output)")
        let transcript = try JSONParser.parse(String(contentsOf: export, encoding: .utf8))
        #expect(transcript["api"] == "live")
        #expect((transcript["live_seconds"]?.intValue ?? 0) >= 2)
        #expect((transcript["cost_usd"]?.doubleValue ?? 0) > 0)
        let items = try #require(transcript["items"]?.arrayValue)
        #expect(items.map { $0["role"]?.stringValue } == ["user", "assistant"])
        #expect((transcript["turns"]?.arrayValue?.count ?? 0) == 1)
        let wav = try WAVAudio.read(contentsOf: output)
        #expect(wav.samples.contains { abs(Int($0)) > 1000 }, "the reply's speech is in the output")
        let stereo = try WAVAudio.read(contentsOf: record)
        #expect(stereo.channels == 2)
        let sent = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
        #expect(sent.first?.contains("session.start") == true)
        #expect(sent.contains { $0.contains("session.close") })
        #expect(sent.contains { $0.contains("session.closed") })
        let check = try await TestEnvironment.checkConformance(events, dialect: "live")
        #expect(check.status == 0, "conformance: \(check.output)")
    }

    @Test(arguments: [
        (["--model", "gpt-live-1", "--temperature", "0.9"], "--temperature is for Realtime calls"),
        (["--model", "gpt-live-1", "--turn-detection", "manual"], "--turn-detection is for Realtime calls"),
        (["--delegation", "client"], "--delegation is a GPT-Live setting"),
        (["--model", "gpt-live-1", "--delegation", "robots"], "'robots' is invalid for '--delegation"),
        (["--model", "gpt-live-1", "--voice", "fable"], "'fable' is not a GPT-Live voice"),
        (["--model", "gpt-live-1", "--delegation", "decisions"], "needs at least one --decision-question"),
        (["--model", "gpt-live-1", "--dialect", "beta"], "--dialect beta is a Realtime dialect"),
    ])
    func theOtherProtocolsFlagsGetOneLine(_ arguments: [String], _ mention: String) async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let input = folder.appendingPathComponent("in.wav")
        try TestSignals.writeWAV(TestSignals.silence(ms: 100), rate: 24_000, to: input)
        let run = try await TestEnvironment.run(
            TestEnvironment.binary, arguments + ["--headless", "--input", input.path], environment: TestEnvironment.environmentWithoutKeys)
        #expect(run.status == 2, "stderr: \(run.error)")
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 1, "one line, no usage: \(run.error)")
        #expect(lines.first?.contains(mention) == true, "stderr: \(run.error)")
    }
}
