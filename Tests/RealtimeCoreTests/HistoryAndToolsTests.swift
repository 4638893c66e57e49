import Foundation
import Testing

@testable import RealtimeCore

@Suite struct HistoryAndToolsTests {
    @Test func readsMarkdownAndPlainTranscripts() throws {
        let markdown = """
            # rtconsole session

            **User** _00:00:01_: What's the weather in Oslo?

            **Assistant** _00:00:03_: It is sunny [interrupted]

            [00:00:09] User: And tomorrow?
            Assistant: Rain,
            probably.
            """
        let entries = try HistoryLoader.parse(markdown, source: "h.md")
        #expect(entries.map(\.speaker) == [.user, .assistant, .user, .assistant])
        #expect(entries.map(\.text) == ["What's the weather in Oslo?", "It is sunny", "And tomorrow?", "Rain, probably."])
    }

    @Test func refusesFilesWithoutAConversation() {
        #expect(throws: HistoryLoader.Failure.self) { try HistoryLoader.parse("just some notes\nnothing else", source: "n.txt") }
        #expect(throws: HistoryLoader.Failure.self) { try HistoryLoader.parse(#"{"not":"a session"}"#, source: "x.json") }
    }

    @Test func readsSavedSessions() throws {
        let json = TranscriptExporter.render(ExportTests.record(), as: .json)
        let entries = try HistoryLoader.parse(json, source: "s.json")
        #expect(entries.map(\.recordText) == ["What's the weather in Oslo?", "It is sunny and warm"])
    }

    @Test func historyBecomesItemsWithHeardTextOnly() throws {
        let entries = ExportTests.record().entries
        let items = entries.compactMap(HistoryText.item(for:))
        #expect(items.map(\.id) == ["item_1", "item_2"])
        #expect(items[0].content == [.inputText("What's the weather in Oslo?")])
        #expect(items[1].content == [.assistantText("It is sunny and warm")])
        let folded = HistoryText.foldedIntoInstructions("Be brief.", history: entries)
        #expect(folded.hasPrefix("Be brief.\n\n"))
        #expect(folded.contains("User: What's the weather in Oslo?\nAssistant: It is sunny and warm"))
    }

    @Test func rolloverComesAheadOfTheLimit() {
        #expect(ReconnectPolicy(sessionLimit: .seconds(3600)).rolloverAfter == .seconds(3480))
        #expect(ReconnectPolicy(sessionLimit: .seconds(10)).rolloverAfter == .seconds(9))
        #expect(ReconnectPolicy.never.rolloverAfter == nil)
    }

    static let weather = ToolDefinition(
        name: "get_weather", description: "Weather for a city",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]]])

    @Test func cannedAndCommandTools() async throws {
        let runner = ToolRunner(tools: [
            LocalTool(definition: Self.weather, handler: .canned(#"{"temp_c":21}"#)),
            LocalTool(
                definition: ToolDefinition(name: "echo_city"),
                handler: .command(
                    "python3 -c 'import json,sys; print(json.dumps({\"city\": json.load(sys.stdin)[\"city\"].upper()}))'", timeout: .seconds(10))),
            LocalTool(definition: ToolDefinition(name: "broken"), handler: .command("echo oops >&2; exit 3", timeout: .seconds(10))),
            LocalTool(definition: ToolDefinition(name: "slow"), handler: .command("sleep 5", timeout: .milliseconds(300))),
        ])
        #expect(await runner.run(name: "get_weather", arguments: "{}") == #"{"temp_c":21}"#)
        #expect(await runner.run(name: "echo_city", arguments: #"{"city":"oslo"}"#) == #"{"city": "OSLO"}"#)
        let broken = try JSONParser.parse(await runner.run(name: "broken", arguments: "{}"))
        #expect(broken["error"]?.stringValue?.contains("exit status 3: oops") == true)
        let slow = try JSONParser.parse(await runner.run(name: "slow", arguments: "{}"))
        #expect(slow["error"]?.stringValue?.contains("did not finish") == true)
        let missing = try JSONParser.parse(await runner.run(name: "nope", arguments: "{}"))
        #expect(missing["error"] != nil)
    }

    @Test func aTimedOutToolEndsWithEverythingItStarted() async throws {
        let folder = try TestEnvironment.temporaryFolder()
        let pidFile = folder.appendingPathComponent("child.pid")
        let runner = ToolRunner(tools: [
            LocalTool(
                definition: ToolDefinition(name: "hang"),
                handler: .command("sleep 1000 & echo $! > '\(pidFile.path)'; wait", timeout: .milliseconds(500)))
        ])
        let output = try JSONParser.parse(await runner.run(name: "hang", arguments: "{}"))
        #expect(output["error"]?.stringValue?.contains("did not finish within") == true)
        let child = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(child, 0) != 0
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "the tool's background child was ended with it")
    }

    @Test func aToolThatLeavesABackgroundJobIsAnsweredWhenItExits() async throws {
        let runner = ToolRunner(tools: [
            LocalTool(definition: ToolDefinition(name: "spawner"), handler: .command(#"sleep 1000 & echo '{"ok":true}'"#, timeout: .seconds(20)))
        ])
        #expect(await runner.run(name: "spawner", arguments: "{}") == #"{"ok":true}"#)
    }

    @Test func largeArgumentsReachAToolThatDoesNotReadThem() async throws {
        let arguments = JSONWriter.compact(["blob": .string(String(repeating: "x", count: 200_000))])
        let runner = ToolRunner(tools: [
            LocalTool(
                definition: ToolDefinition(name: "size"), handler: .command(#"wc -c < "$RTCONSOLE_TOOL_ARGUMENTS_FILE""#, timeout: .seconds(20)))
        ])
        #expect(await runner.run(name: "size", arguments: arguments) == "\(arguments.utf8.count)")
    }
}
