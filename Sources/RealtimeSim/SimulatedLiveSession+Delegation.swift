import RealtimeCore

/// Delegation: a scenario turn with a `tool_call` hands the task to the client, the Responses backend or the
/// Decisions API; and the client events that drive the backend and decisions.
extension SimulatedLiveSession {
    /// The model delegates: `session.delegation.created`, the spoken acknowledgement, and what the delegation
    /// type does next (nothing for client delegation: the client answers with appends).
    func delegate(_ call: ScenarioToolCall, turn: ScenarioTurn, atMs: Int) {
        guard let config else { return }
        let kind = config.delegation.kind
        var delegation = DelegatedTask(id: ids.next("item"), turn: turn, call: call)
        var info: JSONObject = ["id": .string(delegation.id), "type": "delegation", "target": .string(kind.rawValue)]
        if kind == .responses {
            let responseID = ids.next("resp")
            delegation.responseID = responseID
            delegation.callID = ids.next("call")
            info["response_id"] = .string(responseID)
            latestDelegationID = delegation.id
        }
        delegations[delegation.id] = delegation
        send("session.delegation.created", ["delegation": .object(info), "offset_ms": .int(atMs)])
        let replyAtMs = atMs + Self.reactionMs
        speak(ReplyScript.delegationAcknowledgement, notBeforeMs: replyAtMs + config.delegation.effectiveAcknowledgementDelayMs)
        switch kind {
        case .client:
            break
        case .responses:
            streamFunctionCall(delegation, configuration: config.delegation)
        case .decisions:
            sendDecision(delegationID: delegation.id)
            speak(turn.reply ?? ReplyScript.decisionResult, notBeforeMs: replyAtMs)
        }
    }

    /// The backend calls the scenario's function and completes with the call unanswered.
    private func streamFunctionCall(_ delegation: DelegatedTask, configuration: LiveDelegationConfig) {
        guard let responseID = delegation.responseID, let callID = delegation.callID else { return }
        var stream = LiveBackendStream(responseID: responseID, delegation: configuration)
        let itemID = ids.next("fc")
        sendBackend(stream.created(), delegationID: delegation.id)
        sendBackend(stream.functionCall(done: false, itemID: itemID, callID: callID, call: delegation.call), delegationID: delegation.id)
        sendBackend(stream.functionCall(done: true, itemID: itemID, callID: callID, call: delegation.call), delegationID: delegation.id)
        sendBackend(
            stream.completed(inputCharacters: contextCharacters, outputCharacters: delegation.call.arguments.count), delegationID: delegation.id)
    }

    private func sendBackend(_ event: JSONValue, delegationID: String?, clientEventID: String? = nil) {
        send("response.event", ["delegation_id": .optionalString(delegationID), "event": event], clientEventID: clientEventID)
    }

    /// `response.item.create` (Responses delegation only, not acknowledged): a `function_call_output` answers a
    /// call of this session; a `message` is queued for the next `response.create`; other items are taken as given.
    func createBackendItem(_ event: JSONObject) throws(LiveError) {
        guard config?.delegation.kind == .responses else { throw .requiresResponses("response.item.create") }
        guard let value = event["item"] else { throw .missingParameter("item") }
        let item = try LiveFields(value, path: "item")
        switch try item.string("type") ?? "message" {
        case "function_call_output":
            let callID = try item.requiredString("call_id")
            guard let output = item.value("output") else { throw .missingParameter("item.output") }
            guard let delegationID = delegations.values.first(where: { $0.callID == callID })?.id else {
                throw .invalidValue("item.call_id", "Tool call ID '\(callID)' not found in this session.")
            }
            delegations[delegationID]?.output = output.stringValue ?? JSONWriter.compact(output)
        case "message":
            let content = item.value("content")
            let text = content?.stringValue ?? content?.arrayValue?.first?["text"]?.stringValue
            guard let text else { throw .invalidValue("item.content", "A message needs text content.") }
            backendMessages.append(text)
        default:
            break
        }
    }

    /// `response.create` (Responses delegation only): the backend answers the queued message, or the latest
    /// delegation's call once it has its output, as text; the voice then speaks that text.
    func createBackendResponse(clientEventID: String?) throws(LiveError) {
        guard let config, config.delegation.kind == .responses else { throw .requiresResponses("response.create") }
        let delegation = latestDelegationID.flatMap { delegations[$0] }
        let text: String
        if let message = backendMessages.last {
            text = ReplyScript.echo(message)
        } else if let delegation, let output = delegation.output {
            text = delegation.turn.reply ?? ReplyScript.functionResult(name: delegation.call.name, output: output)
        } else if let delegation, let callID = delegation.callID {
            throw LiveError(
                code: "invalid_value",
                message: "Function call '\(callID)' has no output; send its function_call_output with response.item.create first.")
        } else {
            throw LiveError(code: "invalid_value", message: "There is nothing for the Responses backend to answer; send an item first.")
        }
        backendMessages = []
        var stream = LiveBackendStream(responseID: ids.next("resp"), delegation: config.delegation)
        let itemID = ids.next("msg")
        let delegationID = delegation?.id
        sendBackend(stream.created(), delegationID: delegationID, clientEventID: clientEventID)
        for (index, word) in SpokenWord.split(text).enumerated() {
            sendBackend(stream.textDelta(itemID: itemID, index == 0 ? word : " " + word), delegationID: delegationID)
        }
        sendBackend(stream.textDone(itemID: itemID, text), delegationID: delegationID)
        sendBackend(stream.completed(inputCharacters: contextCharacters, outputCharacters: text.count), delegationID: delegationID)
        contextCharacters += text.count
        speak(text, notBeforeMs: input.timelineMs + Self.reactionMs)
    }

    /// `decision.event` answering every configured question.
    private func sendDecision(delegationID: String?, clientEventID: String? = nil) {
        guard let delegation = config?.delegation else { return }
        let decision = LiveDecisionQuestion.decision(answering: delegation.questions, model: delegation.decisionsModel)
        send(
            "decision.event", ["delegation_id": .optionalString(delegationID), "event": ["type": "decision.completed", "decision": decision]],
            clientEventID: clientEventID)
    }

    /// `decision.create` (its `event_id` is required): the configured questions, answered at once.
    func createDecision(clientEventID: String?) throws(LiveError) {
        guard let clientEventID else { throw .missingParameter("event_id") }
        guard config?.delegation.kind == .decisions else { throw .requiresDecisions() }
        sendDecision(delegationID: nil, clientEventID: clientEventID)
    }

    /// `decision.item.create`: a message or tool item for future decisions, echoed with its id.
    func createDecisionItem(_ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard let value = event["item"] else { throw .missingParameter("item") }
        let item = try LiveFields(value, path: "item")
        var stored = item.object
        let type = try item.string("type") ?? "message"
        switch type {
        case "message":
            let roles = ["user", "developer", "system", "assistant"]
            let role = try item.requiredString("role")
            guard roles.contains(role) else { throw .invalidValue("item.role", role, supported: roles) }
            guard item.value("content") != nil else { throw .missingParameter("item.content") }
            stored["type"] = "message"
        case "function_call", "custom_tool_call":
            _ = try item.requiredString("call_id")
            _ = try item.requiredString("name")
            _ = try item.requiredString(type == "function_call" ? "arguments" : "input")
        case "function_call_output", "custom_tool_call_output":
            _ = try item.requiredString("call_id")
            guard item.value("output") != nil else { throw .missingParameter("item.output") }
        default:
            let types = ["message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output"]
            throw .invalidValue("item.type", type, supported: types)
        }
        let itemID = try item.string("id") ?? ids.next("item")
        guard !decisionItems.contains(itemID) else { throw .invalidValue("item.id", "Decision item '\(itemID)' already exists.") }
        decisionItems.insert(itemID)
        stored["id"] = .string(itemID)
        send("decision.item.created", ["item": .object(stored)], clientEventID: clientEventID)
    }

    /// `decision.item.delete`: removes an item added for decisions.
    func deleteDecisionItem(_ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard let value = event["item_id"] else { throw .missingParameter("item_id") }
        guard case .string(let itemID) = value else { throw .invalidType("item_id", expected: "a string", got: value) }
        guard decisionItems.remove(itemID) != nil else { throw .invalidValue("item_id", "Decision item '\(itemID)' not found.") }
        send("decision.item.deleted", ["item_id": .string(itemID)], clientEventID: clientEventID)
    }
}
