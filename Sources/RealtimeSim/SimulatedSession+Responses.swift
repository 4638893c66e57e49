import Foundation
import RealtimeCore

/// Responses: planning what to say, streaming it paced, cancelling, finishing with usage, and scenario faults.
extension SimulatedSession {
    /// Starts a response: `response.created`, the output item and its content part now; deltas from a task.
    func startResponse(_ options: ResponseOptions, idle: Bool = false) {
        guard !ended else { return }
        idleDeadlineMs = nil
        let plan = plan(for: options, idle: idle)
        let responseID = ids.next("resp")
        let kind: ActiveResponse.Kind
        var words: [String] = []
        var cut = false
        switch plan.content {
        case .functionCall(let call):
            kind = .functionCall(call, callID: ids.next("call"))
        case .message(let text):
            kind = options.speaksAudio ? .audio : .text
            (words, cut) = Self.fit(SpokenWord.split(text), limit: options.maxOutputTokens, audio: options.speaksAudio)
        }
        let context = contextTokens(options)
        let interval = plan.deltaIntervalMs.map { Duration.milliseconds($0) } ?? defaultInterval(kind)
        let preamble = preambleWords(for: plan, options: options, idle: idle).map { Preamble(itemID: ids.next("item"), words: $0) }
        responses[responseID] = ActiveResponse(
            id: responseID, itemID: ids.next("item"), kind: kind, options: options, words: words, cutForTokenLimit: cut, deltaInterval: interval,
            faults: plan.faults, inputTextTokens: context.text, inputAudioTokens: context.audio, preamble: preamble
        )
        if options.inConversation { defaultResponseID = responseID }
        var delay = Duration.milliseconds(plan.firstDeltaDelayMs)
        delay += fire(.beforeResponse, in: responseID)
        guard !ended, let response = responses[responseID] else { return }
        send(.responseCreated(ResponseEvent(response: responseObject(response, status: .inProgress))))
        delay += fire(.afterResponseCreated, in: responseID)
        guard !ended else { return }
        addFirstItem(responseID)
        responseTasks[responseID] = Task { [self] in await self.stream(responseID, firstDelay: delay) }
    }

    func cancelResponse(_ responseID: String?) throws(Rejection) {
        if let responseID {
            guard responses[responseID] != nil else { throw Rejection(ServiceErrors.cancelNotActive()) }
            finishResponse(responseID, status: .cancelled, reason: "client_cancelled")
            return
        }
        guard let active = defaultResponseID ?? responses.keys.sorted().first else { throw Rejection(ServiceErrors.cancelNotActive()) }
        finishResponse(active, status: .cancelled, reason: "client_cancelled")
    }

    // MARK: - Planning

    /// Decides what a response says: a scenario turn (one per response, except the reply that follows a
    /// function call's output) or the default reply to the latest input.
    private func plan(for options: ResponseOptions, idle: Bool) -> ResponsePlan {
        let delay = environment.firstDeltaDelayMs
        if idle { return .message(ReplyScript.idlePrompt, firstDeltaDelayMs: delay) }
        let latest = latestInput(options)
        if latest?.item.type == .functionCallOutput {
            let reply = functionReply(latest?.item)
            if options.inConversation, let turn = toolTurn {
                toolTurn = nil
                return .scripted(.message(turn.reply ?? reply), turn: turn, withFaults: true, defaultFirstDeltaDelayMs: delay)
            }
            return .message(reply, firstDeltaDelayMs: delay)
        }
        guard options.inConversation, let scenario = environment.scenario else {
            return .message(defaultReply(to: latest, transcript: nil), firstDeltaDelayMs: delay)
        }
        let turn = scenario.turn(at: turnIndex)
        turnIndex += 1
        guard let turn else { return .message(defaultReply(to: latest, transcript: nil), firstDeltaDelayMs: delay) }
        if let call = turn.toolCall {
            toolTurn = turn
            return .scripted(.functionCall(call), turn: turn, withFaults: false, defaultFirstDeltaDelayMs: delay)
        }
        let reply = turn.reply ?? defaultReply(to: latest, transcript: turn.userTranscript)
        return .scripted(.message(reply), turn: turn, withFaults: true, defaultFirstDeltaDelayMs: delay)
    }

    /// The words a reasoning model says before its answer, or nil for none: a model of the catalog that
    /// reasons, at an effort above minimal (the service's default is low), says a short preamble before an
    /// answer or a tool call; a scenario turn's `preamble` overrides that.
    private func preambleWords(for plan: ResponsePlan, options: ResponseOptions, idle: Bool) -> [String]? {
        guard options.inConversation, !idle, ModelCatalog.model(settings.model)?.reasons == true,
            latestInput(options)?.item.type != .functionCallOutput
        else { return nil }
        if let scripted = plan.preamble { return scripted.isEmpty ? nil : SpokenWord.split(scripted) }
        let effort = settings.passthrough["reasoning"]?["effort"]?.stringValue ?? ReasoningEffort.low.rawValue
        guard effort != ReasoningEffort.minimal.rawValue else { return nil }
        if case .functionCall = plan.content { return SpokenWord.split(ReplyScript.toolPreamble) }
        return SpokenWord.split(ReplyScript.preamble)
    }

    /// The last item the response answers: the last of `input` when given, else of the conversation.
    private func latestInput(_ options: ResponseOptions) -> StoredItem? {
        guard let input = options.input else { return conversation.items.last }
        guard let last = input.last else { return nil }
        if last.type == .other("item_reference") || last.content?.first?.kind == .itemReference {
            let id = last.id ?? last.content?.first?.id ?? ""
            return conversation.item(id)
        }
        var stored = StoredItem(item: last)
        if let audio = last.content?.first(where: { $0.kind == .inputAudio })?.audio, let data = Data(base64Encoded: audio) {
            stored.audio = data
            stored.audioFormat = settings.inputFormat
        }
        return stored
    }

    private func defaultReply(to latest: StoredItem?, transcript: String?) -> String {
        guard let latest, latest.item.role == .user else { return transcript.map(ReplyScript.echo) ?? ReplyScript.greeting }
        if let transcript { return ReplyScript.echo(transcript) }
        let content = latest.item.content ?? []
        if content.contains(where: { $0.kind == .inputAudio }) { return ReplyScript.heard(milliseconds: latest.audioMs) }
        let text = content.compactMap(\.text).joined(separator: " ")
        return text.isEmpty ? ReplyScript.greeting : ReplyScript.echo(text)
    }

    private func functionReply(_ output: ConversationItem?) -> String {
        let name = output?.callID.flatMap { conversation.functionCall(withCallID: $0)?.item.name } ?? "tool"
        return ReplyScript.functionResult(name: name, output: output?.output ?? "")
    }

    /// Cuts words to fit `max_output_tokens` (a word costs a text token per four letters, and eight audio tokens when spoken).
    private static func fit(_ words: [String], limit: MaxOutputTokens, audio: Bool) -> ([String], Bool) {
        guard case .limit(let maximum) = limit else { return (words, false) }
        var used = 0
        var kept: [String] = []
        for word in words {
            let cost = max(1, word.count / 4) + (audio ? 8 : 0)
            if used + cost > maximum { return (kept, true) }
            used += cost
            kept.append(word)
        }
        return (kept, false)
    }

    private func defaultInterval(_ kind: ActiveResponse.Kind) -> Duration {
        let pace = max(environment.pace, 0.01)
        let realTimeMs: Double
        switch kind {
        case .audio: realTimeMs = Double(SpeechClip.chunkMilliseconds)
        case .text: realTimeMs = 40
        case .functionCall: realTimeMs = 20
        }
        return .microseconds(Int64(realTimeMs * 1000 / pace))
    }

    /// Ends a response: the closing events of its content and item, then `response.done` with usage and
    /// `rate_limits.updated`. A completed reply whose words were cut for `max_output_tokens` ends `incomplete`.
    func finishResponse(_ responseID: String, status requested: ResponseObject.Status, reason: String?) {
        closePreamble(responseID, status: requested)
        guard let response = responses.removeValue(forKey: responseID) else { return }
        responseTasks.removeValue(forKey: responseID)?.cancel()
        if defaultResponseID == responseID { defaultResponseID = nil }
        let incomplete = requested == .completed && response.cutForTokenLimit
        let status: ResponseObject.Status = incomplete ? .incomplete : requested
        let details: JSONValue? =
            switch status {
            case .cancelled: ["type": "cancelled", "reason": .string(reason ?? "client_cancelled")]
            case .incomplete: ["type": "incomplete", "reason": "max_output_tokens"]
            default: nil
            }
        var output: [ConversationItem] = []
        var outputText = ""
        var outputAudioMs = 0
        if let preamble = response.preamble, let item = preamble.finalItem {
            output.append(item)
            outputText = preamble.textSoFar(audio: response.options.speaksAudio) + " "
            outputAudioMs = preamble.audioMs
        }
        if response.answerAdded {
            let answer = closeAnswer(response, status: status)
            output.append(answer.item.item)
            outputText += answer.text
            outputAudioMs += answer.audioMs
        }
        var faults = response.faults
        let completed = status != .cancelled
        if completed {
            _ = fire(.beforeResponseDone, faults: &faults)
            guard !ended else { return }
        }
        let usage = usage(of: response, outputText: outputText, outputAudioMs: outputAudioMs)
        previousInputTokens = usage.inputTokens
        send(.responseDone(ResponseEvent(response: responseObject(response, status: status, details: details, output: output, usage: usage))))
        send(
            .rateLimitsUpdated(
                RateLimitsEvent(rateLimits: [
                    RateLimit(name: "requests", limit: 5000, remaining: 4999, resetSeconds: 0.012),
                    RateLimit(
                        name: "tokens", limit: 40000, remaining: max(0, 40000 - usage.totalTokens),
                        resetSeconds: (Double(usage.totalTokens) * 60 / 40000 * 1000).rounded() / 1000),
                ])))
        if completed {
            _ = fire(.afterResponseDone, faults: &faults)
            guard !ended else { return }
            armIdleTimeout(after: response)
        }
        if autoResponsePending, response.options.inConversation {
            autoResponsePending = false
            startResponse(ResponseOptions(settings: settings))
        }
    }

    /// Sends the answer's closing events and stores it in the conversation.
    ///
    /// - Returns: the finished item, its text and the milliseconds of audio it sent.
    private func closeAnswer(_ response: ActiveResponse, status: ResponseObject.Status) -> (item: StoredItem, text: String, audioMs: Int) {
        let location = ContentLocation(responseID: response.id, itemID: response.itemID, outputIndex: response.answerIndex)
        let closed: (stored: StoredItem, audioMs: Int)
        let text: String
        switch response.kind {
        case .audio, .text:
            text = response.textSoFar
            let spoken: Bool
            if case .audio = response.kind { spoken = true } else { spoken = false }
            closed = closeMessage(
                at: location, text: text, spoken: response.clip, spokenAudio: spoken, deltasSent: response.deltasSent, wordsSent: response.wordsSent,
                status: status)
        case .functionCall(let call, let callID):
            text = status == .completed ? call.arguments : response.argumentsSoFar
            send(
                .functionCallArgumentsDone(
                    FunctionArgumentsDoneEvent(
                        responseID: response.id, itemID: response.itemID, outputIndex: response.answerIndex, callID: callID,
                        arguments: text, name: call.name)))
            let itemStatus: ConversationItem.Status = status == .completed ? .completed : .incomplete
            closed = (
                StoredItem(
                    item: ConversationItem(
                        id: response.itemID, type: .functionCall, status: itemStatus, callID: callID, name: call.name, arguments: text)), 0
            )
        }
        finishItem(closed.stored, of: response, outputIndex: response.answerIndex, previousItemID: response.previousItemID)
        return (closed.stored, text, closed.audioMs)
    }

    private func responseObject(
        _ response: ActiveResponse, status: ResponseObject.Status, details: JSONValue? = nil,
        output: [ConversationItem] = [], usage: Usage? = nil
    ) -> ResponseObject {
        let options = response.options
        return ResponseObject(
            id: response.id, status: status, statusDetails: details, output: output,
            conversationID: options.inConversation ? conversationID : nil, modalities: options.outputModalities, voice: options.voice,
            outputFormat: options.outputFormat, maxOutputTokens: options.maxOutputTokens, temperature: dialect == .beta ? options.temperature : nil,
            usage: usage, metadata: options.metadata
        )
    }

    // MARK: - Usage

    /// Tokens of what a response sees: a text token per four characters of instructions, tools and item text;
    /// ten audio tokens per second of user audio and twenty per second of assistant audio.
    private func contextTokens(_ options: ResponseOptions) -> (text: Int, audio: Int) {
        var characters = options.instructions.count + settings.tools.reduce(0) { $0 + JSONWriter.compact($1.json).count }
        var audioTokens = 0
        let items = options.input.map { $0.map { StoredItem(item: $0) } } ?? conversation.items
        for stored in items {
            let item = stored.item
            characters += (item.content ?? []).reduce(0) { $0 + ($1.text ?? $1.transcript ?? "").count }
            characters += (item.arguments ?? "").count + (item.output ?? "").count
            audioTokens += item.role == .assistant ? stored.audioMs / 50 : stored.audioMs / 100
        }
        return (max(1, characters / 4), audioTokens)
    }

    /// Usage as the service reports it; the previous response's input tokens are a prefix of this one's and count as cached.
    private func usage(of response: ActiveResponse, outputText: String, outputAudioMs: Int) -> Usage {
        var usage = Usage()
        usage.inputTextTokens = response.inputTextTokens
        usage.inputAudioTokens = response.inputAudioTokens
        usage.inputTokens = usage.inputTextTokens + usage.inputAudioTokens
        usage.cachedTokens = min(usage.inputTokens, previousInputTokens)
        usage.cachedAudioTokens = usage.inputTokens > 0 ? usage.cachedTokens * usage.inputAudioTokens / usage.inputTokens : 0
        usage.cachedTextTokens = usage.cachedTokens - usage.cachedAudioTokens
        usage.outputTextTokens = (outputText.count + 3) / 4
        usage.outputAudioTokens = outputAudioMs / 50
        usage.outputTokens = usage.outputTextTokens + usage.outputAudioTokens
        usage.totalTokens = usage.inputTokens + usage.outputTokens
        return usage
    }

    // MARK: - Faults

    func fire(_ point: ScenarioFault.Point, in responseID: String) -> Duration {
        guard var faults = responses[responseID]?.faults, !faults.isEmpty else { return .zero }
        let stall = fire(point, faults: &faults)
        responses[responseID]?.faults = faults
        return stall
    }

    /// Performs the faults at `point`, removes them, and returns how long they stall the response.
    private func fire(_ point: ScenarioFault.Point, faults: inout [ScenarioFault]) -> Duration {
        var stall = Duration.zero
        var remaining: [ScenarioFault] = []
        for fault in faults {
            guard fault.point == point, !ended else {
                remaining.append(fault)
                continue
            }
            stall += perform(fault.action)
        }
        faults = remaining
        return stall
    }

    private func perform(_ action: ScenarioFault.Action) -> Duration {
        switch action {
        case .close(let code, let reason):
            outgoing.yield(.close(code: code, reason: reason))
            terminate()
        case .drop:
            outgoing.yield(.drop)
            terminate()
        case .malformedFrame:
            outgoing.yield(.malformed(#"{"type":"response.output_audio.delta","event_id":"event_malformed","delta":"AAAA"#))
        case .hugeFrame(let bytes):
            send(hugeRetrievedEvent(bytes: bytes))
        case .stall(let duration):
            outgoing.yield(.pause(duration))
            return duration
        case .error(let detail, let closeCode):
            send(.error(ErrorEvent(error: detail)))
            if let closeCode {
                outgoing.yield(.close(code: closeCode, reason: detail.message))
                terminate()
            }
        case .expire:
            expire()
        }
        return .zero
    }

    /// A valid `conversation.item.retrieved` of about `bytes` bytes: the latest user item, its audio padded
    /// with silence.
    private func hugeRetrievedEvent(bytes: Int) -> ServerEvent {
        let user = conversation.items.last { $0.item.role == .user }
        let itemID = user?.id ?? ids.next("item")
        let characters = max(8, (bytes - 400) / 8 * 8)
        let audio = String(repeating: "A", count: characters)
        let item = ConversationItem(id: itemID, role: .user, status: .completed, content: [ContentPart(kind: .inputAudio, audio: audio)])
        return .itemRetrieved(ItemEvent(item: item))
    }
}
