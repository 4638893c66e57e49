import Foundation
import RealtimeCore

/// The Responses backend's stream events that a GPT-Live session wraps in `response.event`, in the shapes of the
/// Responses API. Lifecycle snapshots carry no input, instructions, tools or output (as the service sends them).
struct LiveBackendStream {
    /// The backend response's id.
    let responseID: String
    /// The backend model.
    let model: String
    /// Whether the backend may call several tools at once, as configured (default true).
    let parallelToolCalls: Bool
    private var sequence = 0
    private let createdAt = Int(Date().timeIntervalSince1970)

    /// Starts the events of one backend response for a Responses delegation configuration.
    init(responseID: String, delegation: LiveDelegationConfig) {
        self.responseID = responseID
        model = delegation.responsesModel
        parallelToolCalls = delegation.responses["parallel_tool_calls"]?.boolValue ?? true
    }

    /// `response.created`.
    mutating func created() -> JSONValue {
        next(["type": "response.created", "response": snapshot(status: "in_progress", usage: nil)])
    }

    /// `response.output_item.added` or `.done` of a function call.
    mutating func functionCall(done: Bool, itemID: String, callID: String, call: ScenarioToolCall) -> JSONValue {
        let item: JSONValue = [
            "id": .string(itemID), "type": "function_call", "status": done ? "completed" : "in_progress", "call_id": .string(callID),
            "name": .string(call.name), "arguments": .string(done ? call.arguments : ""),
        ]
        return next(["type": done ? "response.output_item.done" : "response.output_item.added", "output_index": 0, "item": item])
    }

    /// `response.output_text.delta` of the message item.
    mutating func textDelta(itemID: String, _ delta: String) -> JSONValue {
        next([
            "type": "response.output_text.delta", "item_id": .string(itemID), "output_index": 0, "content_index": 0, "delta": .string(delta),
            "logprobs": [],
        ])
    }

    /// `response.output_text.done` with the whole text.
    mutating func textDone(itemID: String, _ text: String) -> JSONValue {
        next([
            "type": "response.output_text.done", "item_id": .string(itemID), "output_index": 0, "content_index": 0, "text": .string(text),
            "logprobs": [],
        ])
    }

    /// `response.completed` with token usage: 200 input tokens plus a token per four characters of context, and
    /// a token per four characters of output (plausible estimates).
    mutating func completed(inputCharacters: Int, outputCharacters: Int) -> JSONValue {
        let input = 200 + inputCharacters / 4
        let output = max(1, outputCharacters / 4)
        let usage: JSONValue = [
            "input_tokens": .int(input), "input_tokens_details": ["cache_write_tokens": 0, "cached_tokens": 0], "output_tokens": .int(output),
            "output_tokens_details": ["reasoning_tokens": 0], "total_tokens": .int(input + output),
        ]
        return next(["type": "response.completed", "response": snapshot(status: "completed", usage: usage)])
    }

    private func snapshot(status: String, usage: JSONValue?) -> JSONValue {
        [
            "id": .string(responseID), "object": "response", "created_at": .int(createdAt), "status": .string(status), "model": .string(model),
            "output": [], "parallel_tool_calls": .bool(parallelToolCalls), "tool_choice": "auto", "tools": [], "usage": usage ?? .null,
        ]
    }

    private mutating func next(_ event: JSONObject) -> JSONValue {
        var numbered = event
        numbered["sequence_number"] = .int(sequence)
        sequence += 1
        return .object(numbered)
    }
}
