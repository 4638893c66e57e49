import Foundation
import RealtimeCore

@testable import ConsoleUI

/// Builds console models in known states for the tests.
enum ConsoleFixture {
    /// The moment every test's console starts.
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// A console on the local simulator, connected, 42 s into the call.
    static func connected(
        width: Int = 100, height: Int = 30, audio: AudioStatus = .off(reason: "--no-audio was given"),
        dialect: Dialect = .ga
    ) -> ConsoleModel {
        let call = CallInfo(
            endpointLabel: "local simulator ws://127.0.0.1:40123/v1", isLocalSimulator: true, model: "gpt-realtime",
            dialect: dialect, sessionLimit: .seconds(3600), themeName: "dark")
        var model = ConsoleModel(call: call, config: SessionConfig(), audio: audio, width: width, height: height, now: start)
        _ = model.handle(.session(.connection(.connected(sessionID: "sess_1"))))
        _ = model.handle(.tick(start + 42))
        return model
    }

    /// A GPT-Live call with Responses delegation: a question, the delegation, the backend's tool call and
    /// its output, and the reply, 42 s in with 40 s billed.
    static func liveCall(width: Int = 100, height: Int = 30) -> ConsoleModel {
        let backend = LiveResponsesBackend(model: "gpt-5.6-luna", reasoningEffort: "low")
        let call = CallInfo(
            endpointLabel: "local simulator ws://127.0.0.1:40123/v1", isLocalSimulator: true, model: "gpt-live-1.1", api: .live,
            dialect: .ga, sessionLimit: .seconds(3600), themeName: "dark", liveDelegation: .responses(backend))
        var config = SessionConfig()
        config.model = "gpt-live-1.1"
        config.voice = "vesper"
        var model = ConsoleModel(call: call, config: config, audio: .live, width: width, height: height, now: start)
        _ = model.handle(.session(.connection(.connected(sessionID: "live_1"))))
        _ = model.handle(.session(.sessionExpiry(start + 1800)))
        let question = ConversationEntry(
            id: "live_user_1", speaker: .user, text: "What's the weather in Paris?", isPartial: false, createdAt: start + 3)
        var delegation = ConversationEntry(
            id: "item_d", speaker: .assistant, kind: .functionCall, text: "What's the weather in Paris?", isPartial: false, createdAt: start + 5)
        delegation.toolName = "delegation → responses"
        var tool = ConversationEntry(
            id: "fc_1", speaker: .assistant, kind: .functionCall, text: #"{"city":"Paris"}"#, isPartial: false, createdAt: start + 6)
        tool.toolName = "get_weather"
        var output = ConversationEntry(
            id: "call_1_output", speaker: .tool, kind: .functionOutput, text: #"{"temperature":21}"#, isPartial: false, createdAt: start + 7)
        output.toolName = "get_weather"
        let reply = ConversationEntry(
            id: "live_reply_2", speaker: .assistant, text: "It is twenty-one degrees in Paris.", isPartial: false, createdAt: start + 9)
        for entry in [question, delegation, tool, output, reply] { _ = model.handle(.session(.entry(entry))) }
        _ = model.handle(.session(.sessionTime(seconds: 40, contextRatio: 0.034)))
        var usage = Usage()
        usage.inputTokens = 320
        usage.outputTokens = 40
        usage.totalTokens = 360
        _ = model.handle(.session(.totals(usage: usage, cost: 0.0341)))
        _ = model.handle(.tick(start + 42))
        return model
    }

    /// A conversation: a question with CJK and emoji, a reply cut off, a tool call, and a reply still streaming.
    static func conversation(width: Int = 100, height: Int = 30) -> ConsoleModel {
        var model = connected(width: width, height: height, audio: .live)
        let question = ConversationEntry(
            id: "item_1", speaker: .user, text: "What's the weather in 東京 today? ☀️🙂", isPartial: false,
            createdAt: start + 3)
        var cut = ConversationEntry(
            id: "item_2", speaker: .assistant,
            text: "It is sunny in Tokyo with a light breeze from the bay and about twenty degrees all afternoon",
            isPartial: false, createdAt: start + 5)
        cut.interrupted = true
        cut.heardText = "It is sunny in Tokyo with a light breeze"
        cut.heardMilliseconds = 2300
        cut.audioMilliseconds = 6000
        var call = ConversationEntry(
            id: "item_3", speaker: .assistant, kind: .functionCall, text: #"{"city":"Osaka"}"#, isPartial: false,
            createdAt: start + 9)
        call.toolName = "get_weather"
        let streaming = ConversationEntry(id: "item_4", speaker: .assistant, text: "In Osaka it is", isPartial: true, createdAt: start + 11)
        for entry in [question, cut, call, streaming] { _ = model.handle(.session(.entry(entry))) }
        var ledger = model.parameters.ledger
        _ = ledger.assistantSpoke()
        _ = model.handle(.session(.configuration(ledger)))
        _ = model.handle(.session(.bargeIn(itemID: "item_2", heardMilliseconds: 2300)))
        _ = model.handle(.session(.assistantResponding(true)))
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -23.4, peakDBFS: -12), speechLikely: false))
        _ = model.handle(.tick(start + 42))
        return model
    }

    /// An event record.
    static func event(
        _ id: Int, _ direction: EventRecord.Direction, _ type: String, at seconds: Double, summary: JSONValue? = nil,
        audioBytes: Int = 0
    ) -> EventRecord {
        EventRecord(
            id: id, time: start + seconds, direction: direction, type: type, summary: summary ?? ["type": .string(type)],
            audioBytes: audioBytes)
    }

    /// The screen as text.
    static func screen(_ model: ConsoleModel) -> String {
        ConsoleRenderer.render(model).canvas.text
    }
}

extension Date {
    static func + (date: Date, seconds: Double) -> Date { date.addingTimeInterval(seconds) }
}
