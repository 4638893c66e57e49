import AudioIO
import Foundation
import RealtimeTestSupport
import Testing

@testable import RealtimeCore

/// GPT-Live delegation as the console answers it: client work from the config file's tools, a Responses
/// backend's function calls, decisions shown.
@Suite(.serialized) struct LiveDelegationTests {
    typealias Script = LiveSessionTests

    func session(_ server: ScriptedServer, tools: [LocalTool], delegation: LiveDelegation = .client()) throws -> RealtimeSession {
        var config = SessionConfig()
        config.model = "gpt-live-1"
        var options = SessionOptions(
            endpoint: Endpoint.live(baseURL: server.baseURL, model: "gpt-live-1", credential: nil)!, config: config,
            playback: try TestEnvironment.player(.instant), reconnect: .never)
        options.tools = ToolRunner(tools: tools)
        options.live = LiveOptions(delegation: delegation)
        return RealtimeSession(options: options)
    }

    static let question: [ScriptedServer.Step] = [
        Script.frame(.inputTranscriptDelta(text: "What is the weather", span: LiveSpan(startMs: 200, endMs: 400)), id: "e1"),
        Script.frame(.inputTranscriptDelta(text: " in Paris?", span: LiveSpan(startMs: 400, endMs: 600)), id: "e2"),
    ]

    func messages(_ server: ScriptedServer) -> [JSONValue] { server.clientMessages.compactMap { try? JSONParser.parse($0) } }

    @Test func aClientDelegationIsAnsweredFromTheToolAsCommentary() async throws {
        let server = try await ScriptedServer.start(
            script: [.awaitClientMessages(1), Script.started("live_d")] + Self.question + [
                Script.frame(.delegationCreated(LiveDelegationNotice(id: "item_del", target: "client", offsetMs: 700)), id: "e3"),
                .awaitClientMessages(3),
            ])
        let tool = LocalTool(definition: ToolDefinition(name: "lookup"), handler: .canned(#"{"forecast":"sunny, 21 degrees"}"#))
        let session = try session(server, tools: [tool])
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the commentary") { _ in messages(server).contains { $0["type"] == "session.commentary.append" } }
        let sent = messages(server)
        let thinking = try #require(sent.first { $0["type"] == "session.thinking.append" })
        let commentary = try #require(sent.first { $0["type"] == "session.commentary.append" })
        #expect(thinking["delegation_id"] == "item_del")
        #expect(commentary["delegation_id"] == "item_del")
        #expect(commentary["content"]?.stringValue == #"{"forecast":"sunny, 21 degrees"}"#)
        let entries = await session.conversation.entries
        #expect(entries.first { $0.kind == .functionCall }?.text == "What is the weather in Paris?")
        #expect(entries.first { $0.kind == .functionOutput }?.callID == "item_del")
        await session.finish()
        await server.stop()
    }

    @Test func aFailingToolIsOneLineAndTheModelIsTold() async throws {
        let server = try await ScriptedServer.start(
            script: [.awaitClientMessages(1), Script.started("live_f")] + Self.question + [
                Script.frame(.delegationCreated(LiveDelegationNotice(id: "item_del", target: "client", offsetMs: 700)), id: "e3"),
                .awaitClientMessages(3),
            ])
        let tool = LocalTool(definition: ToolDefinition(name: "lookup"), handler: .command("echo 'no network' >&2; exit 3", timeout: .seconds(5)))
        let session = try session(server, tools: [tool])
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the commentary") { _ in messages(server).contains { $0["type"] == "session.commentary.append" } }
        let commentary = messages(server).first { $0["type"] == "session.commentary.append" }
        #expect(commentary?["content"]?.stringValue?.hasPrefix("The task could not be done:") == true)
        let failures = collector.notices.filter { $0.text.contains("the tool lookup failed during a delegation") }
        #expect(failures.count == 1, "\(collector.notices)")
        #expect(failures.first?.text.contains("no network") == true)
        await session.finish()
        await server.stop()
    }

    @Test func aBackendFunctionCallIsAnsweredAfterItsResponseCompletes() async throws {
        let call: JSONValue = ["type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": #"{"city":"Paris"}"#]
        let backend = LiveResponsesBackend(model: "gpt-5.6-luna", tools: [["type": "function", "name": "get_weather"]])
        let server = try await ScriptedServer.start(
            script: [.awaitClientMessages(1), Script.started("live_b")] + Self.question + [
                Script.frame(
                    .delegationCreated(LiveDelegationNotice(id: "item_del", target: "responses", responseID: "resp_1", offsetMs: 700)), id: "e3"),
                Script.frame(.responseEvent(delegationID: "item_del", event: ["type": "response.created", "response": ["id": "resp_1"]]), id: "e4"),
                Script.frame(.responseEvent(delegationID: "item_del", event: ["type": "response.output_item.done", "item": call]), id: "e5"),
                Script.frame(
                    .responseEvent(
                        delegationID: "item_del",
                        event: [
                            "type": "response.completed",
                            "response": ["id": "resp_1", "usage": ["input_tokens": 120, "output_tokens": 30, "total_tokens": 150]],
                        ]),
                    id: "e6"),
                .awaitClientMessages(3),
                Script.frame(
                    .responseEvent(
                        delegationID: "item_del",
                        event: [
                            "type": "response.completed",
                            "response": ["id": "resp_2", "usage": ["input_tokens": 200, "output_tokens": 10, "total_tokens": 210]],
                        ]),
                    id: "e7"),
            ])
        let tool = LocalTool(definition: ToolDefinition(name: "get_weather"), handler: .canned(#"{"temperature":21}"#))
        let session = try session(server, tools: [tool], delegation: .responses(backend))
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the backend's second usage") { _ in
            collector.all.contains { if case .totals(let u, _) = $0 { u.totalTokens == 360 } else { false } }
        }
        let sent = messages(server).map { $0["type"]?.stringValue ?? "" }
        #expect(Array(sent.suffix(2)) == ["response.item.create", "response.create"])
        let output = messages(server).first { $0["type"] == "response.item.create" }?["item"]
        #expect(output?["call_id"] == "call_1")
        #expect(output?["output"]?.stringValue == #"{"temperature":21}"#)
        let start = messages(server).first
        #expect(start?["session"]?["delegation"]?["responses"]?["model"] == "gpt-5.6-luna")
        #expect(await session.record().usage.totalTokens == 360)
        await session.finish()
        await server.stop()
    }

    @Test func aDecisionIsShownInTheTranscript() async throws {
        let decision = LiveDecisionNotice(
            delegationID: "item_del",
            event: [
                "type": "decision.completed", "decision": ["model": "m", "answers": [["type": "predicate", "name": "human", "probability": 0.25]]],
            ])
        let server = try await ScriptedServer.start(script: [
            .awaitClientMessages(1), Script.started("live_q"),
            Script.frame(.delegationCreated(LiveDelegationNotice(id: "item_del", target: "decisions", offsetMs: 100)), id: "e1"),
            Script.frame(.decisionEvent(decision), id: "e2"),
        ])
        let session = try session(server, tools: [], delegation: .decisions(model: "m", questions: [["type": "predicate", "name": "human"]]))
        let collector = UpdateCollector(session)
        try await session.connect()
        try await collector.wait("the decision") { _ in collector.notices.contains { $0.text == "decision: human: 25 %" } }
        #expect(await session.conversation.entries.contains { $0.text == "decision: human: 25 %" })
        await session.finish()
        await server.stop()
    }
}
