import Foundation
import RealtimeCore
import Testing

@testable import RealtimeSim

@Suite struct ScenarioTests {
    static let scenarioFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static func failure(_ text: String) -> ScenarioError? {
        do {
            _ = try Scenario.parse(text, source: "test.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryPartOfATurn() throws {
        let scenario = try Scenario.parse(
            """
            {
              "name": "all",
              "after_last_turn": "cycle",
              "turns": [
                {
                  "user_transcript": "Weather?",
                  "reply": "Sunny.",
                  "first_delta_delay_ms": 50,
                  "delta_interval_ms": 10,
                  "tool_call": {"name": "get_weather", "arguments": {"city": "Paris"}},
                  "faults": [
                    {"at": "after_first_audio_delta", "action": "stall", "seconds": 1.5},
                    {"after_delta": 4, "action": "close", "code": 4001, "reason": "bye"},
                    {"at": "before_response", "action": "huge_frame"},
                    {"at": "after_response_done", "action": "error", "message": "boom", "fatal": true},
                    {"at": "before_response_done", "action": "drop"},
                    {"at": "after_response_created", "action": "malformed_frame"},
                    {"at": "after_response_done", "action": "expire"}
                  ]
                }
              ]
            }
            """)
        #expect(scenario.name == "all")
        #expect(scenario.afterLastTurn == .cycle)
        let turn = try #require(scenario.turns.first)
        #expect(turn.userTranscript == "Weather?")
        #expect(turn.reply == "Sunny.")
        #expect(turn.firstDeltaDelayMs == 50)
        #expect(turn.deltaIntervalMs == 10)
        #expect(turn.toolCall == ScenarioToolCall(name: "get_weather", arguments: #"{"city":"Paris"}"#))
        #expect(
            turn.faults == [
                ScenarioFault(point: .afterDelta(1), action: .stall(.milliseconds(1500))),
                ScenarioFault(point: .afterDelta(4), action: .close(code: 4001, reason: "bye")),
                ScenarioFault(point: .beforeResponse, action: .hugeFrame(bytes: 20 << 20)),
                ScenarioFault(
                    point: .afterResponseDone,
                    action: .error(
                        ErrorDetail(type: "server_error", code: "server_error", message: "boom"), closeCode: 1011)),
                ScenarioFault(point: .beforeResponseDone, action: .drop),
                ScenarioFault(point: .afterResponseCreated, action: .malformedFrame),
                ScenarioFault(point: .afterResponseDone, action: .expire),
            ])
        #expect(scenario.turn(at: 3)?.reply == "Sunny.")
    }

    @Test func continuationAfterTheLastTurn() {
        let turns = [ScenarioTurn(reply: "one"), ScenarioTurn(reply: "two")]
        #expect(Scenario(turns: turns).turn(at: 2) == nil)
        #expect(Scenario(turns: turns, afterLastTurn: .repeatLast).turn(at: 5)?.reply == "two")
        #expect(Scenario(turns: turns, afterLastTurn: .cycle).turn(at: 2)?.reply == "one")
    }

    @Test func syntaxErrorNamesItsLine() throws {
        let error = try #require(Self.failure("{\n  \"turns\": [\n    {\"reply\": \"hi\",}\n  ]\n}\n"))
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("test.json:3: not valid JSON"))
    }

    @Test func badFaultPointNamesLineFieldAndAllowedValues() throws {
        let text = """
            {
              "turns": [
                {"reply": "first"},
                {
                  "reply": "second",
                  "faults": [
                    {"at": "after_audio", "action": "close"}
                  ]
                }
              ]
            }
            """
        let error = try #require(Self.failure(text))
        #expect(error.line == 7)
        #expect(error.field == "turns[1].faults[0].at")
        #expect(error.message.contains("'after_audio' is not a fault point"))
        #expect(error.message.contains("after_first_audio_delta"))
        #expect(error.description.hasPrefix("test.json:7: turns[1].faults[0].at: "))
    }

    @Test func unknownFieldIsRefusedWithTheAllowedOnes() throws {
        let error = try #require(Self.failure("{\"turns\": [\n {\"replay\": \"typo\"}\n]}"))
        #expect(error.line == 2)
        #expect(error.field == "turns[0].replay")
        #expect(error.message.contains("unknown field"))
        #expect(error.message.contains("reply"))
    }

    @Test func wrongTypesAndRanges() throws {
        let stall = try #require(Self.failure("{\"turns\": [{\"faults\": [{\"at\": \"before_response\", \"action\": \"stall\"}]}]}"))
        #expect(stall.field == "turns[0].faults[0].seconds")
        #expect(stall.line == 1)
        let delay = try #require(Self.failure("{\"turns\": [\n{\"first_delta_delay_ms\": -5}]}"))
        #expect(delay.field == "turns[0].first_delta_delay_ms")
        #expect(delay.line == 2)
        let code = try #require(Self.failure("{\"turns\": [{\"faults\": [{\"at\": \"before_response\", \"action\": \"close\", \"code\": 1006}]}]}"))
        #expect(code.field == "turns[0].faults[0].code")
        let extra = try #require(Self.failure("{\"turns\": [{\"faults\": [{\"at\": \"before_response\", \"action\": \"drop\", \"seconds\": 2}]}]}"))
        #expect(extra.field == "turns[0].faults[0].seconds")
        #expect(extra.message.contains("for action 'drop'"))
        let reply = try #require(Self.failure("{\"turns\": [{\"reply\": 42}]}"))
        #expect(reply.field == "turns[0].reply")
        #expect(reply.message == "must be a string, not number")
    }

    @Test func usageIntervalIsAnIntegerInRange() throws {
        #expect(try Scenario.parse("{\"usage_interval_ms\": 250, \"turns\": []}").usageIntervalMs == 250)
        #expect(try Scenario.parse("{\"turns\": []}").usageIntervalMs == nil)
        let short = try #require(Self.failure("{\n\"usage_interval_ms\": 5,\n\"turns\": []}"))
        #expect(short.field == "usage_interval_ms")
        #expect(short.line == 2)
        #expect(short.message == "must be an integer from 100 to 3600000, not 5")
        let text = try #require(Self.failure("{\"usage_interval_ms\": \"15s\", \"turns\": []}"))
        #expect(text.field == "usage_interval_ms")
    }

    @Test func missingTurnsAndMissingAction() throws {
        let turns = try #require(Self.failure("{\"name\": \"x\"}"))
        #expect(turns.field == "turns")
        #expect(turns.line == 1)
        let action = try #require(Self.failure("{\"turns\": [{\"faults\": [\n{\"at\": \"before_response\"}]}]}"))
        #expect(action.field == "turns[0].faults[0].action")
        #expect(action.line == 2)
    }

    @Test func fileErrorsNameTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-scenario-\(UUID().uuidString).json")
        try Data("{\"turns\": [{\"tool_call\": {\"arguments\": {}}}]}".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ScenarioError.self) { try Scenario.load(contentsOf: url) }
        do {
            _ = try Scenario.load(contentsOf: url)
        } catch {
            #expect(error.file == url.lastPathComponent)
            #expect(error.field == "turns[0].tool_call.name")
        }
    }

    @Test func exampleScenariosLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.scenarioFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(files.count >= 3)
        for file in files {
            let scenario = try Scenario.load(contentsOf: file)
            #expect(!scenario.turns.isEmpty, "\(file.lastPathComponent)")
        }
    }
}
