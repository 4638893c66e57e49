import Foundation

/// GPT-Live delegation: the console answers client delegations from its tools, runs a Responses
/// backend's function calls, and shows hosted tools and decisions as they happen.
extension RealtimeSession {
    /// Client delegation: runs the delegate tool with the task, says so on the timeline as thinking
    /// (silent progress), and appends its result as commentary (the model says it in its own words).
    func answerClientDelegation(_ notice: LiveDelegationNotice, task: String) {
        guard let tools = options.tools, let tool = delegateTool(in: tools) else {
            updateSink.yield(
                .notice(
                    Notice(
                        .warning,
                        "the model delegated a task, but no tool is configured to do it: add a [[tools]] entry to the config file (the first one answers delegations)"
                    )))
            return
        }
        let arguments = JSONWriter.compact(["task": .string(task)])
        sendLive(.contextAppend(.thinking, content: "Working on it with \(tool).", delegationID: notice.id))
        Task { [weak self] in
            let output = await tools.run(name: tool, arguments: arguments)
            await self?.clientDelegationFinished(notice, tool: tool, output: output)
        }
    }

    private func delegateTool(in tools: ToolRunner) -> String? {
        if let named = options.live.delegateTool { return tools.tools.contains { $0.definition.name == named } ? named : nil }
        return tools.tools.first?.definition.name
    }

    private func clientDelegationFinished(_ notice: LiveDelegationNotice, tool: String, output: String) {
        recordToolOutput(callID: notice.id, tool: tool, output: output)
        let failure = Self.toolFailure(output)
        if let failure {
            updateSink.yield(.notice(Notice(.warning, "the tool \(tool) failed during a delegation: \(failure); the model is told")))
        }
        guard connection != nil, sessionID != nil else { return }
        let result = failure.map { "The task could not be done: \($0)." } ?? output
        sendLive(.contextAppend(.commentary, content: result, delegationID: notice.id))
    }

    /// The error a tool output reports (`{"error": "…"}`, as the tool runner writes failures), if any.
    static func toolFailure(_ output: String) -> String? {
        guard let json = try? JSONParser.parse(output), case .object(let object) = json, object.count == 1 else { return nil }
        return object["error"]?.stringValue
    }

    private func recordToolOutput(callID: String, tool: String, output: String) {
        var entry = ConversationEntry(id: "\(callID)_output", speaker: .tool, kind: .functionOutput, text: output, isPartial: false)
        entry.toolName = tool
        entry.callID = callID
        tracker.add(entry)
        publishConversation()
        autosave()
    }

    // MARK: Responses delegation

    /// One event of a Responses backend's stream: function calls are run here and answered together once
    /// the backend's response is over; hosted tools are shown as they run; usage adds up.
    func liveBackendEvent(_ event: JSONValue, delegationID: String?) {
        let item = event["item"]
        switch event["type"]?.stringValue {
        case "response.created", "response.in_progress":
            liveBackendResponding = true
        case "response.output_item.added":
            if let type = item?["type"]?.stringValue, type != "function_call", type != "message", type != "reasoning" {
                updateSink.yield(.notice(Notice(.info, "the backend runs \(type.replacingOccurrences(of: "_call", with: ""))")))
            }
        case "response.output_item.done":
            if item?["type"]?.stringValue == "function_call" { backendFunctionCall(item ?? .null) }
        case "response.completed", "response.incomplete", "response.failed", "response.cancelled":
            liveBackendResponding = false
            backendFinished(event["response"] ?? .null, type: event["type"]?.stringValue ?? "")
            flushBackendOutputs()
        case "error":
            let message = event["error"]?["message"]?.stringValue ?? event["message"]?.stringValue ?? "no reason given"
            updateSink.yield(.notice(Notice(.error, "the delegation's backend failed: \(message)")))
        default:
            break
        }
    }

    private func backendFunctionCall(_ item: JSONValue) {
        guard let callID = item["call_id"]?.stringValue, let name = item["name"]?.stringValue else { return }
        let arguments = item["arguments"]?.stringValue ?? "{}"
        var entry = ConversationEntry(
            id: item["id"]?.stringValue ?? callID, speaker: .assistant, kind: .functionCall, text: arguments, isPartial: false)
        entry.toolName = name
        entry.callID = callID
        tracker.add(entry)
        guard let tools = options.tools, liveBackendCallsInFlight.insert(callID).inserted else {
            liveBackendOutputs.append((callID, JSONWriter.compact(["error": .string("no tool named \(name) is configured")])))
            updateSink.yield(.notice(Notice(.warning, "the backend called \(name), which no [[tools]] entry of the config file answers")))
            return
        }
        Task { [weak self] in
            let output = await tools.run(name: name, arguments: arguments)
            await self?.backendCallFinished(callID: callID, name: name, output: output)
        }
    }

    private func backendCallFinished(callID: String, name: String, output: String) {
        guard liveBackendCallsInFlight.remove(callID) != nil else { return }
        recordToolOutput(callID: callID, tool: name, output: output)
        if let failure = Self.toolFailure(output) {
            updateSink.yield(.notice(Notice(.warning, "the tool \(name) failed during a delegation: \(failure); the backend is told")))
        }
        liveBackendOutputs.append((callID, output))
        flushBackendOutputs()
    }

    /// Answers the backend's calls once its response is over and every call has its output: one
    /// `response.item.create` per output, then `response.create` (the service refuses a partial batch).
    private func flushBackendOutputs() {
        guard !liveBackendResponding, liveBackendCallsInFlight.isEmpty, !liveBackendOutputs.isEmpty, connection != nil else { return }
        for (callID, output) in liveBackendOutputs {
            sendLive(.responseItemCreate(item: ["type": "function_call_output", "call_id": .string(callID), "output": .string(output)]))
        }
        liveBackendOutputs.removeAll()
        sendLive(.responseCreate)
    }

    private func backendFinished(_ response: JSONValue, type: String) {
        if let usage = response["usage"] {
            var added = Usage()
            added.inputTokens = usage["input_tokens"]?.intValue ?? 0
            added.outputTokens = usage["output_tokens"]?.intValue ?? 0
            added.totalTokens = usage["total_tokens"]?.intValue ?? added.inputTokens + added.outputTokens
            added.cachedTokens = usage["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0
            liveBackendUsage += added
            updateSink.yield(.totals(usage: liveBackendUsage, cost: liveCost))
        }
        if type == "response.failed" {
            let message = response["error"]?["message"]?.stringValue ?? "no reason given"
            updateSink.yield(.notice(Notice(.error, "the delegation's backend failed: \(message)")))
        }
    }

    // MARK: Decisions

    func liveDecision(_ notice: LiveDecisionNotice) {
        let id = "decision_\(tracker.conversation.entries.count + 1)"
        var entry = ConversationEntry(id: id, speaker: .system, kind: .other, text: "decision: \(notice.summary)", isPartial: false)
        entry.callID = notice.delegationID
        tracker.add(entry)
        updateSink.yield(.notice(Notice(.info, "decision: \(notice.summary)")))
    }
}
