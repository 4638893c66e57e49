import Foundation
import NIOWebSocket
import RealtimeCore
import RealtimeSim
import Testing
import WSCore

/// GPT-Live delegation (client, Responses, Decisions), session updates, usage, closing and expiry over a
/// real loopback socket.
@Suite(.serialized, .timeLimit(.minutes(1))) struct LiveSimulatorDelegationTests {
    static let weather = ScenarioTurn(
        userTranscript: "What is the weather in Paris?", reply: "It is sunny in Paris.",
        toolCall: ScenarioToolCall(name: "get_weather", arguments: #"{"city":"Paris"}"#))

    static func withScenario(_ turns: [ScenarioTurn], usageIntervalMs: Int? = nil, _ body: (URL) async throws -> Void) async throws {
        let scenario = Scenario(turns: turns, usageIntervalMs: usageIntervalMs)
        try await LiveSimulatorTests.withServer(scenario: scenario) { base, _ in try await body(base) }
    }

    @Test func clientDelegationSpeaksTheCommentary() async throws {
        let turn = ScenarioTurn(userTranscript: "Is staging healthy?", toolCall: ScenarioToolCall(name: "check_staging"))
        try await Self.withScenario([turn]) { base in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.stream(LiveSimulatorTests.question)
                try await live.streamSilence(until: { !$0.of("session.delegation.created").isEmpty })
                let created = try #require(live.events.of("session.delegation.created").first)
                let delegation = try #require(created["delegation"])
                let delegationID = try #require(delegation["id"]?.stringValue)
                #expect(delegationID.hasPrefix("item_"))
                #expect(delegation["type"] == "delegation" && delegation["target"] == "client" && delegation["response_id"] == nil)
                #expect(created["offset_ms"] == 1900)
                #expect(live.events.text(LiveTestConnection.inputTranscript) == "Is staging healthy?")
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == "One moment." })

                try await live.send(["type": "response.item.create", "event_id": "evt_item", "item": ["type": "message"]])
                let refused = try await live.answer(to: "evt_item")
                #expect(refused["error"]?["code"] == "invalid_request")
                #expect(refused["error"]?["message"] == "response.item.create requires Responses delegation.")
                try await live.send(["type": "decision.create", "event_id": "evt_decide"])
                #expect(try await live.answer(to: "evt_decide")["error"]?["code"] == "invalid_request")
                let id = JSONValue.string(delegationID)
                try await live.send(["type": "session.thinking.append", "event_id": "evt_think", "content": "Checking.", "delegation_id": id])
                try await live.send([
                    "type": "session.commentary.append", "event_id": "evt_result", "content": "Staging is healthy.", "delegation_id": id,
                ])
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == "One moment. Staging is healthy." })
                #expect(live.events.of("session.thinking.appended").first?["client_event_id"] == "evt_think")
                #expect(live.events.of("session.commentary.appended").first?["client_event_id"] == "evt_result")
            }
        }
    }

    @Test func responsesDelegationCallsTheFunctionAndSpeaksTheAnswer() async throws {
        try await Self.withScenario([Self.weather]) { base in
            _ = try await LiveTestConnection.exchange(base) { live in
                let backend: JSONValue = ["model": "gpt-5.6-luna", "tools": [["type": "function", "name": "get_weather"]]]
                _ = try await live.start(["delegation": ["type": "responses", "responses": backend]])
                try await live.stream(LiveSimulatorTests.question)
                try await live.streamSilence(until: { $0.of("response.event").count >= 4 })
                let created = try #require(live.events.of("session.delegation.created").first)
                let delegationID = try #require(created["delegation"]?["id"])
                #expect(created["delegation"]?["target"] == "responses")
                let stream = live.events.of("response.event")
                #expect(stream.allSatisfy { $0["delegation_id"] == delegationID })
                let nested = stream.compactMap { $0["event"] }
                #expect(
                    nested.compactMap { $0["type"]?.stringValue } == [
                        "response.created", "response.output_item.added", "response.output_item.done", "response.completed",
                    ])
                #expect(nested[0]["response"]?["id"] == created["delegation"]?["response_id"])
                let call = try #require(nested[2]["item"])
                #expect(call["type"] == "function_call" && call["name"] == "get_weather" && call["arguments"] == #"{"city":"Paris"}"#)
                #expect(nested[3]["response"]?["usage"]?["total_tokens"]?.intValue ?? 0 > 0)

                try await live.send(["type": "response.create", "event_id": "evt_early"])
                #expect(try await live.answer(to: "evt_early")["error"]?["code"] == "invalid_value")
                try await live.send([
                    "type": "session.thinking.append", "event_id": "evt_id", "content": "Hmm.", "delegation_id": delegationID,
                ])
                #expect(try await live.answer(to: "evt_id")["error"]?["param"] == "delegation_id")
                let before = live.events.count
                let output: JSONValue = ["type": "function_call_output", "call_id": call["call_id"] ?? nil, "output": #"{"sky":"clear"}"#]
                try await live.send(["type": "response.item.create", "event_id": "evt_output", "item": output])
                try await live.send(["type": "response.create", "event_id": "evt_continue"])
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == "One moment. It is sunny in Paris." })
                let answer = Array(live.events[before...]).of("response.event").compactMap { $0["event"] }
                #expect(answer.compactMap { $0["type"]?.stringValue }.filter { $0 == "response.output_text.delta" }.count == 5)
                #expect(answer.first { $0["type"] == "response.output_text.done" }?["text"] == "It is sunny in Paris.")
                #expect(answer.last?["type"] == "response.completed")
                #expect(!live.events.contains { $0["client_event_id"] == "evt_output" })
            }
        }
    }

    @Test func decisionsAnswerEveryQuestion() async throws {
        let questions: JSONValue = [
            ["type": "choice", "name": "intent", "instructions": "What?", "choices": [["value": "weather"], ["value": "news"]]],
            ["type": "predicate", "name": "urgent", "instructions": "Urgent?"],
            [
                "type": "score", "name": "politeness", "instructions": "Polite?",
                "levels": [["label": "rude"], ["label": "neutral"], ["label": "polite"]],
            ],
        ]
        try await Self.withScenario([ScenarioTurn(userTranscript: "Umbrella?", toolCall: ScenarioToolCall(name: "decide"))]) { base in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start(["delegation": ["type": "decisions", "decisions": ["model": "gpt-5.6-luna", "questions": questions]]])
                try await live.stream(LiveSimulatorTests.question)
                try await live.streamSilence(until: { $0.text(LiveTestConnection.outputTranscript) == "One moment. The decision is in." })
                let created = try #require(live.events.of("session.delegation.created").first)
                let decided = try #require(live.events.of("decision.event").first)
                #expect(decided["delegation_id"] == created["delegation"]?["id"])
                let decision = try #require(decided["event"]?["decision"])
                #expect(decision["model"] == "gpt-5.6-luna")
                let answers = try #require(decision["answers"]?.arrayValue)
                #expect(answers.map { $0["type"] } == ["choice", "predicate", "score"])
                #expect(answers[0]["choice"] == "weather" && answers[1]["probability"] == 0.9 && answers[2]["score"] == 1)

                try await live.send(["type": "decision.create", "event_id": "evt_decide"])
                let direct = try await live.answer(to: "evt_decide")
                #expect(direct["type"] == "decision.event" && direct["delegation_id"] == .null)
                try await live.send(["type": "decision.item.create", "event_id": "evt_item", "item": ["role": "user", "content": "Celsius."]])
                let item = try await live.answer(to: "evt_item")
                let itemID = try #require(item["item"]?["id"])
                #expect(item["type"] == "decision.item.created" && item["item"]?["type"] == "message")
                try await live.send(["type": "decision.item.delete", "event_id": "evt_delete", "item_id": itemID])
                #expect(try await live.answer(to: "evt_delete")["item_id"] == itemID)
                try await live.send(["type": "decision.item.delete", "event_id": "evt_again", "item_id": itemID])
                #expect(try await live.answer(to: "evt_again")["error"]?["code"] == "invalid_value")
            }
        }
    }

    @Test func updateChangesOnlyDelegationAndTriggers() async throws {
        try await LiveSimulatorTests.withServer { base, _ in
            _ = try await LiveTestConnection.exchange(base) { live in
                let backend: JSONValue = ["model": "gpt-5.6-luna", "tools": []]
                let started = try await live.start(["delegation": ["type": "responses", "responses": backend]])
                try await live.send([
                    "type": "session.update", "event_id": "evt_update",
                    "session": ["delegation": ["type": "responses", "acknowledgement_delay_ms": 250, "responses": ["instructions": "Be short."]]],
                ])
                let updated = try await live.answer(to: "evt_update")
                #expect(updated["type"] == "session.updated")
                #expect(updated["session"]?["id"] == started["session"]?["id"])
                let delegation = try #require(updated["session"]?["delegation"])
                #expect(delegation["acknowledgement_delay_ms"] == 250)
                #expect(delegation["responses"]?["model"] == "gpt-5.6-luna" && delegation["responses"]?["instructions"] == "Be short.")
                try await live.send(["type": "session.update", "event_id": "evt_triggers", "session": ["triggers": []]])
                #expect(try await live.answer(to: "evt_triggers")["session"]?["triggers"] == [])
                let refused: [(JSONValue, String, String)] = [
                    (["delegation": ["type": "client"]], "immutable_field_update", "session.delegation.type"),
                    (["instructions": "Be loud."], "immutable_field_update", "session.instructions"),
                    (["audio": ["output": ["voice": "cedar"]]], "immutable_field_update", "session.audio"),
                    (["voice": "cedar"], "unknown_parameter", "session.voice"),
                    (
                        ["delegation": ["type": "responses", "responses": ["colour": "red"]]], "unknown_parameter",
                        "session.delegation.responses.colour"
                    ),
                ]
                for (index, (session, code, param)) in refused.enumerated() {
                    try await live.send(["type": "session.update", "event_id": .string("evt_no_\(index)"), "session": session])
                    let error = try await live.answer(to: "evt_no_\(index)")
                    #expect(error["error"]?["code"]?.stringValue == code && error["error"]?["param"]?.stringValue == param, "\(session)")
                }
                try await live.send(["type": "session.update", "event_id": "evt_same", "session": [:]])
                #expect(try await live.answer(to: "evt_same")["session"]?["delegation"] == delegation)
            }
        }
    }

    @Test func usageUpdatesFollowTheTimeline() async throws {
        try await Self.withScenario([], usageIntervalMs: 200) { base in
            _ = try await LiveTestConnection.exchange(base) { live in
                _ = try await live.start()
                try await live.streamSilence(milliseconds: 2500)
                var usage: JSONValue?
                while usage?["usage"]?["seconds"] != 2 { usage = try await live.read(until: "session.usage.updated").last }
                let ratio = try #require(usage?["context_window"]?["usage_ratio"]?.doubleValue)
                #expect(ratio > 0 && ratio <= 1)
                let again = try #require(try await live.read(until: "session.usage.updated").last)
                #expect(again["usage"]?["seconds"] == 2, "the timeline stands still while no input arrives")
            }
        }
    }

    @Test func closeReportsUnplacedAppendsThenClosed() async throws {
        try await LiveSimulatorTests.withServer { base, _ in
            let outcome = try await LiveTestConnection.exchange(base) { live in
                let started = try await live.start()
                try await live.streamSilence(milliseconds: 1200)
                try await live.send(["type": "session.instructions.append", "event_id": "evt_late", "content": "Name: Ada.", "delegation_id": nil])
                try await live.send(["type": "session.close", "event_id": "evt_close"])
                var tail: [JSONValue] = []
                while let event = try await live.next() { tail.append(event) }
                #expect(tail.map { $0["type"] } == ["error", "session.closed"])
                #expect(tail.first?["error"]?["code"] == "context_injection_incomplete")
                #expect(tail.first?["error"]?["client_event_id"] == "evt_late")
                let closed = try #require(tail.last)
                #expect(closed["reason"] == "close_requested" && closed["client_event_id"] == "evt_close")
                #expect(closed["usage"]?["seconds"] == 1)
                #expect(closed["session"]?["id"] == started["session"]?["id"] && closed["session"]?["status"] == "active")
            }
            #expect(outcome.close?.closeCode == .normalClosure)
        }
    }

    @Test func sessionExpiresAtItsLimit() async throws {
        try await LiveSimulatorTests.withServer(maxSessionDuration: .milliseconds(1500)) { base, _ in
            let outcome = try await LiveTestConnection.exchange(base) { live in
                let before = Int(Date().timeIntervalSince1970)
                let started = try await live.start()
                #expect((before...(before + 3)).contains(started["session"]?["expires_at"]?.intValue ?? 0))
                try await live.streamSilence(milliseconds: 500)
                let closed = try #require(try await live.read(until: "session.closed").last)
                #expect(closed["reason"] == "expired" && closed["usage"]?["seconds"] == 0)
                #expect(try await live.next() == nil)
            }
            #expect(outcome.close?.closeCode == .normalClosure)
        }
    }
}
