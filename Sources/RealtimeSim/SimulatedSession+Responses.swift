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
        responses[responseID] = ActiveResponse(
            id: responseID, itemID: ids.next("item"), kind: kind, options: options, words: words, cutForTokenLimit: cut, deltaInterval: interval,
            faults: plan.faults, inputTextTokens: context.text, inputAudioTokens: context.audio
        )
        if options.inConversation { defaultResponseID = responseID }
        var delay = Duration.milliseconds(plan.firstDeltaDelayMs)
        delay += fire(.beforeResponse, in: responseID)
        guard !ended, let response = responses[responseID] else { return }
        send(.responseCreated(ResponseEvent(response: responseObject(response, status: .inProgress))))
        delay += fire(.afterResponseCreated, in: responseID)
        guard !ended else { return }
        addOutputItem(responseID)
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

    // MARK: - Streaming

    private func addOutputItem(_ responseID: String) {
        guard let response = responses[responseID] else { return }
        let item: ConversationItem
        switch response.kind {
        case .audio, .text:
            item = ConversationItem(id: response.itemID, role: .assistant, status: .inProgress, content: [])
        case .functionCall(let call, let callID):
            item = ConversationItem(id: response.itemID, type: .functionCall, status: .inProgress, callID: callID, name: call.name, arguments: "")
        }
        send(.outputItemAdded(OutputItemEvent(responseID: responseID, outputIndex: 0, item: item)))
        if response.options.inConversation {
            let previousID = conversation.lastID
            responses[responseID]?.previousItemID = previousID
            conversation.append(StoredItem(item: item))
            switch dialect {
            case .ga: send(.itemAdded(ItemEvent(item: item, previousItemID: Nullable(previousID))))
            case .beta: send(.itemCreated(ItemEvent(item: item, previousItemID: Nullable(previousID))))
            }
        }
        let location = ContentLocation(responseID: responseID, itemID: response.itemID)
        switch response.kind {
        case .audio: send(.contentPartAdded(ContentPartEvent(location: location, part: ContentPart(kind: .audio, transcript: ""))))
        case .text: send(.contentPartAdded(ContentPartEvent(location: location, part: ContentPart(kind: .text, text: ""))))
        case .functionCall: break
        }
    }

    /// Keeps a response's time: synthesises its audio, waits for the first delta, then advances on a fixed schedule.
    private func stream(_ responseID: String, firstDelay: Duration) async {
        let start = ContinuousClock.now
        if let response = responses[responseID], case .audio = response.kind {
            let clip = await environment.synthesizer.clip(
                text: response.words.joined(separator: " "), voice: response.options.voice, speed: response.options.speed,
                format: response.options.outputFormat
            )
            guard responses[responseID] != nil else { return }
            responses[responseID]?.clip = clip
        }
        var deadline = start + firstDelay
        while !Task.isCancelled {
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled, let wait = advance(responseID) else { return }
            deadline += wait
            let now = ContinuousClock.now
            if deadline < now - .seconds(1) { deadline = now }
        }
    }

    /// Sends the next content delta (audio with the transcript words it covers, a text word, or an argument piece)
    /// and returns the wait before the next one; finishes the response when its content is complete.
    private func advance(_ responseID: String) -> Duration? {
        guard !ended, var response = responses[responseID] else { return nil }
        let location = ContentLocation(responseID: responseID, itemID: response.itemID)
        switch response.kind {
        case .audio:
            guard let clip = response.clip, response.deltasSent < clip.chunks.count else {
                finishResponse(responseID, status: .completed, reason: nil)
                return nil
            }
            let chunkEndMs = (response.deltasSent + 1) * SpeechClip.chunkMilliseconds
            let lastChunk = response.deltasSent + 1 == clip.chunks.count
            while response.wordsSent < clip.words.count, lastChunk || clip.words[response.wordsSent].startMs < chunkEndMs {
                let word = clip.words[response.wordsSent].text
                send(.outputAudioTranscriptDelta(ContentDeltaEvent(location: location, delta: response.wordsSent == 0 ? word : " " + word)))
                response.wordsSent += 1
            }
            sendAudioDelta(location, base64: clip.chunks[response.deltasSent])
            response.deltasSent += 1
            if response.firstAudioAt == nil { response.firstAudioAt = .now }
            audioProduced = true
        case .text:
            guard response.deltasSent < response.words.count else {
                finishResponse(responseID, status: .completed, reason: nil)
                return nil
            }
            let word = response.words[response.deltasSent]
            send(.outputTextDelta(ContentDeltaEvent(location: location, delta: response.deltasSent == 0 ? word : " " + word)))
            response.deltasSent += 1
        case .functionCall(let call, let callID):
            let characters = Array(call.arguments)
            let start = response.deltasSent * ActiveResponse.argumentPieceLength
            guard start < characters.count else {
                finishResponse(responseID, status: .completed, reason: nil)
                return nil
            }
            let piece = String(characters[start..<min(characters.count, start + ActiveResponse.argumentPieceLength)])
            send(
                .functionCallArgumentsDelta(
                    FunctionArgumentsDeltaEvent(
                        responseID: responseID, itemID: response.itemID, outputIndex: 0,
                        callID: callID, delta: piece)))
            response.deltasSent += 1
        }
        responses[responseID] = response
        let stall = fire(.afterDelta(response.deltasSent), in: responseID)
        return ended ? nil : response.deltaInterval + stall
    }

    /// Ends a response: the closing events of its content and item, then `response.done` with usage and
    /// `rate_limits.updated`. A completed reply whose words were cut for `max_output_tokens` ends `incomplete`.
    func finishResponse(_ responseID: String, status requested: ResponseObject.Status, reason: String?) {
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
        let itemStatus: ConversationItem.Status = status == .completed ? .completed : .incomplete
        let location = ContentLocation(responseID: responseID, itemID: response.itemID)
        var stored: StoredItem
        var outputText = ""
        var outputAudioMs = 0
        switch response.kind {
        case .audio:
            outputText = response.textSoFar
            send(.outputAudioDone(ContentDoneEvent(location: location, value: nil)))
            send(.outputAudioTranscriptDone(ContentDoneEvent(location: location, value: outputText)))
            let part = ContentPart(kind: .audio, transcript: outputText)
            send(.contentPartDone(ContentPartEvent(location: location, part: part)))
            stored = StoredItem(item: ConversationItem(id: response.itemID, role: .assistant, status: itemStatus, content: [part]))
            if let clip = response.clip {
                let bytes = min(clip.audio.count, response.deltasSent * SpeechClip.chunkMilliseconds * SpeechClip.bytesPerMillisecond(clip.format))
                stored.audio = clip.audio.prefix(bytes)
                stored.audioFormat = clip.format
                stored.words = Array(clip.words.prefix(response.wordsSent))
                outputAudioMs = bytes / SpeechClip.bytesPerMillisecond(clip.format)
            }
        case .text:
            outputText = response.textSoFar
            send(.outputTextDone(ContentDoneEvent(location: location, value: outputText)))
            let part = ContentPart(kind: .text, text: outputText)
            send(.contentPartDone(ContentPartEvent(location: location, part: part)))
            stored = StoredItem(item: ConversationItem(id: response.itemID, role: .assistant, status: itemStatus, content: [part]))
        case .functionCall(let call, let callID):
            outputText = status == .completed ? call.arguments : response.argumentsSoFar
            send(
                .functionCallArgumentsDone(
                    FunctionArgumentsDoneEvent(
                        responseID: responseID, itemID: response.itemID, outputIndex: 0, callID: callID,
                        arguments: outputText, name: call.name)))
            stored = StoredItem(
                item: ConversationItem(
                    id: response.itemID, type: .functionCall, status: itemStatus, callID: callID, name: call.name,
                    arguments: outputText))
        }
        send(.outputItemDone(OutputItemEvent(responseID: responseID, outputIndex: 0, item: stored.item)))
        if response.options.inConversation, conversation.contains(response.itemID) {
            conversation.update(response.itemID) { $0 = stored }
            if dialect == .ga { send(.itemDone(ItemEvent(item: stored.item, previousItemID: Nullable(response.previousItemID)))) }
        }
        var faults = response.faults
        let completed = status != .cancelled
        if completed {
            _ = fire(.beforeResponseDone, faults: &faults)
            guard !ended else { return }
        }
        let usage = usage(of: response, outputText: outputText, outputAudioMs: outputAudioMs)
        previousInputTokens = usage.inputTokens
        send(.responseDone(ResponseEvent(response: responseObject(response, status: status, details: details, output: [stored.item], usage: usage))))
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

    private func fire(_ point: ScenarioFault.Point, in responseID: String) -> Duration {
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
