import Foundation
import RealtimeCore

/// Streaming a response's items: the preamble of a reasoning model (if any), then the answer, paced.
extension SimulatedSession {
    /// Adds the response's first item: its preamble, or its answer when it has none.
    func addFirstItem(_ responseID: String) {
        guard let response = responses[responseID] else { return }
        if let preamble = response.preamble {
            let item = ConversationItem(id: preamble.itemID, role: .assistant, status: .inProgress, content: [])
            responses[responseID]?.preamble?.previousItemID = add(item, to: response, outputIndex: 0)
            let location = ContentLocation(responseID: responseID, itemID: preamble.itemID, outputIndex: 0)
            sendPartAdded(location, audio: response.options.speaksAudio)
        } else {
            addAnswerItem(responseID)
        }
    }

    /// Adds the answer's item and its content part.
    func addAnswerItem(_ responseID: String) {
        guard let response = responses[responseID], !response.answerAdded else { return }
        responses[responseID]?.answerAdded = true
        let item: ConversationItem
        switch response.kind {
        case .audio, .text:
            item = ConversationItem(id: response.itemID, role: .assistant, status: .inProgress, content: [])
        case .functionCall(let call, let callID):
            item = ConversationItem(id: response.itemID, type: .functionCall, status: .inProgress, callID: callID, name: call.name, arguments: "")
        }
        responses[responseID]?.previousItemID = add(item, to: response, outputIndex: response.answerIndex)
        let location = ContentLocation(responseID: responseID, itemID: response.itemID, outputIndex: response.answerIndex)
        switch response.kind {
        case .audio: sendPartAdded(location, audio: true)
        case .text: sendPartAdded(location, audio: false)
        case .functionCall: break
        }
    }

    /// Sends `response.output_item.added` and, for the default conversation, adds the item there.
    ///
    /// - Returns: the id of the item before it in the conversation.
    private func add(_ item: ConversationItem, to response: ActiveResponse, outputIndex: Int) -> String? {
        send(.outputItemAdded(OutputItemEvent(responseID: response.id, outputIndex: outputIndex, item: item)))
        guard response.options.inConversation else { return nil }
        let previousID = conversation.lastID
        conversation.append(StoredItem(item: item))
        switch dialect {
        case .ga: send(.itemAdded(ItemEvent(item: item, previousItemID: Nullable(previousID))))
        case .beta: send(.itemCreated(ItemEvent(item: item, previousItemID: Nullable(previousID))))
        }
        return previousID
    }

    private func sendPartAdded(_ location: ContentLocation, audio: Bool) {
        let part = audio ? ContentPart(kind: .audio, transcript: "") : ContentPart(kind: .text, text: "")
        send(.contentPartAdded(ContentPartEvent(location: location, part: part)))
    }

    /// Keeps a response's time: synthesises its audio, waits for the first delta, then advances on a fixed schedule.
    func stream(_ responseID: String, firstDelay: Duration) async {
        let start = ContinuousClock.now
        if let response = responses[responseID], response.options.speaksAudio {
            let options = response.options
            if let preamble = response.preamble {
                let clip = await environment.synthesizer.clip(
                    text: preamble.words.joined(separator: " "), voice: options.voice, speed: options.speed, format: options.outputFormat)
                guard responses[responseID] != nil else { return }
                responses[responseID]?.preamble?.clip = clip
            }
            if case .audio = response.kind {
                let clip = await environment.synthesizer.clip(
                    text: response.words.joined(separator: " "), voice: options.voice, speed: options.speed, format: options.outputFormat)
                guard responses[responseID] != nil else { return }
                responses[responseID]?.clip = clip
            }
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

    /// Sends the next content delta and returns the wait before the next one: the preamble's while it lasts;
    /// then the answer starts, and the preamble closes after the answer's first delta.
    private func advance(_ responseID: String) -> Duration? {
        guard !ended, let response = responses[responseID] else { return nil }
        guard let preamble = response.preamble, !preamble.streamed else { return advanceAnswer(responseID) }
        if advancePreamble(responseID) {
            let stall = fire(.afterDelta(preamble.deltasSent + 1), in: responseID)
            return ended ? nil : response.deltaInterval + stall
        }
        responses[responseID]?.preamble?.streamed = true
        addAnswerItem(responseID)
        let wait = advanceAnswer(responseID)
        closePreamble(responseID, status: .completed)
        return wait
    }

    /// Sends the preamble's next delta; false when its content is complete.
    private func advancePreamble(_ responseID: String) -> Bool {
        guard var preamble = responses[responseID]?.preamble, let options = responses[responseID]?.options else { return false }
        let location = ContentLocation(responseID: responseID, itemID: preamble.itemID, outputIndex: 0)
        if options.speaksAudio {
            guard let clip = preamble.clip, preamble.deltasSent < clip.chunks.count else { return false }
            preamble.wordsSent = sendSpeechChunk(preamble.deltasSent, of: clip, wordsSent: preamble.wordsSent, at: location)
        } else {
            guard preamble.deltasSent < preamble.words.count else { return false }
            let word = preamble.words[preamble.deltasSent]
            send(.outputTextDelta(ContentDeltaEvent(location: location, delta: preamble.deltasSent == 0 ? word : " " + word)))
        }
        preamble.deltasSent += 1
        responses[responseID]?.preamble = preamble
        return true
    }

    /// Sends audio chunk `index` of a spoken item, each transcript word just before the chunk in which it starts.
    ///
    /// - Returns: how many of the clip's words have been sent now.
    private func sendSpeechChunk(_ index: Int, of clip: SpeechClip, wordsSent: Int, at location: ContentLocation) -> Int {
        var words = wordsSent
        let chunkEndMs = (index + 1) * SpeechClip.chunkMilliseconds
        let lastChunk = index + 1 == clip.chunks.count
        while words < clip.words.count, lastChunk || clip.words[words].startMs < chunkEndMs {
            let word = clip.words[words].text
            send(.outputAudioTranscriptDelta(ContentDeltaEvent(location: location, delta: words == 0 ? word : " " + word)))
            words += 1
        }
        sendAudioDelta(location, base64: clip.chunks[index])
        audioProduced = true
        return words
    }

    /// Sends the preamble's closing events (once) and stores it in the conversation.
    func closePreamble(_ responseID: String, status: ResponseObject.Status) {
        guard let response = responses[responseID], let preamble = response.preamble, !preamble.closed else { return }
        let location = ContentLocation(responseID: responseID, itemID: preamble.itemID, outputIndex: 0)
        let closed = closeMessage(
            at: location, text: preamble.textSoFar(audio: response.options.speaksAudio), spoken: response.options.speaksAudio ? preamble.clip : nil,
            spokenAudio: response.options.speaksAudio, deltasSent: preamble.deltasSent, wordsSent: preamble.wordsSent, status: status)
        responses[responseID]?.preamble?.audioMs = closed.audioMs
        responses[responseID]?.preamble?.finalItem = closed.stored.item
        finishItem(closed.stored, of: response, outputIndex: 0, previousItemID: preamble.previousItemID)
    }

    /// Sends the closing events of a message item's content (audio or text) and its content part.
    ///
    /// - Returns: the item as stored, and the milliseconds of audio it sent.
    func closeMessage(
        at location: ContentLocation, text: String, spoken clip: SpeechClip?, spokenAudio: Bool, deltasSent: Int, wordsSent: Int,
        status: ResponseObject.Status
    ) -> (stored: StoredItem, audioMs: Int) {
        let itemStatus: ConversationItem.Status = status == .completed ? .completed : .incomplete
        let part: ContentPart
        var audioMs = 0
        if spokenAudio {
            send(.outputAudioDone(ContentDoneEvent(location: location, value: nil)))
            send(.outputAudioTranscriptDone(ContentDoneEvent(location: location, value: text)))
            part = ContentPart(kind: .audio, transcript: text)
        } else {
            send(.outputTextDone(ContentDoneEvent(location: location, value: text)))
            part = ContentPart(kind: .text, text: text)
        }
        send(.contentPartDone(ContentPartEvent(location: location, part: part)))
        var stored = StoredItem(item: ConversationItem(id: location.itemID, role: .assistant, status: itemStatus, content: [part]))
        if let clip {
            let bytes = min(clip.audio.count, deltasSent * SpeechClip.chunkMilliseconds * SpeechClip.bytesPerMillisecond(clip.format))
            stored.audio = clip.audio.prefix(bytes)
            stored.audioFormat = clip.format
            stored.words = Array(clip.words.prefix(wordsSent))
            audioMs = bytes / SpeechClip.bytesPerMillisecond(clip.format)
        }
        return (stored, audioMs)
    }

    /// Sends `response.output_item.done` and, for the default conversation, stores the item (GA: `conversation.item.done`).
    func finishItem(_ stored: StoredItem, of response: ActiveResponse, outputIndex: Int, previousItemID: String?) {
        send(.outputItemDone(OutputItemEvent(responseID: response.id, outputIndex: outputIndex, item: stored.item)))
        guard response.options.inConversation, let id = stored.item.id, conversation.contains(id) else { return }
        conversation.update(id) { $0 = stored }
        if dialect == .ga { send(.itemDone(ItemEvent(item: stored.item, previousItemID: Nullable(previousItemID)))) }
    }

    /// Sends the answer's next content delta (audio with the transcript words it covers, a text word, or an
    /// argument piece) and returns the wait before the next one; finishes the response when its content is complete.
    private func advanceAnswer(_ responseID: String) -> Duration? {
        guard !ended, var response = responses[responseID] else { return nil }
        let location = ContentLocation(responseID: responseID, itemID: response.itemID, outputIndex: response.answerIndex)
        switch response.kind {
        case .audio:
            guard let clip = response.clip, response.deltasSent < clip.chunks.count else {
                finishResponse(responseID, status: .completed, reason: nil)
                return nil
            }
            response.wordsSent = sendSpeechChunk(response.deltasSent, of: clip, wordsSent: response.wordsSent, at: location)
            response.deltasSent += 1
            if response.firstAudioAt == nil { response.firstAudioAt = .now }
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
                        responseID: responseID, itemID: response.itemID, outputIndex: response.answerIndex, callID: callID, delta: piece)))
            response.deltasSent += 1
        }
        responses[responseID] = response
        let stall = fire(.afterDelta(response.deltasSent), in: responseID)
        return ended ? nil : response.deltaInterval + stall
    }
}
