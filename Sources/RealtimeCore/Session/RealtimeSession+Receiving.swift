import Foundation

extension RealtimeSession {
    func receive(_ event: TransportEvent, generation: Int) async {
        guard lifecycle.isCurrent(generation) else { return }
        switch event {
        case .text(let text):
            await handle(text)
        case .closed(let close):
            connectionLost(close)
        }
    }

    private func handle(_ text: String) async {
        wireTap?(.server, text)
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            publish(journal.record(.server, type: "(malformed)", json: .string(String(text.prefix(200)))))
            updateSink.yield(.notice(Notice(.warning, "the server sent a frame that is not JSON (\(error.message)); ignored")))
            return
        }
        let type = json["type"]?.stringValue ?? "(no type)"
        if api == .live {
            await handleLive(json, type: type)
            return
        }
        let event: ServerEvent
        do {
            event = try ServerEvent.decode(json: json, dialect: dialect)
        } catch {
            publish(journal.record(.server, type: type, json: json))
            updateSink.yield(.notice(Notice(.warning, "could not read a server event: \(error.description); ignored")))
            return
        }
        publish(journal.record(.server, type: type, json: json))
        await apply(event)
        publishConversation()
    }

    private func apply(_ event: ServerEvent) async {
        let transcribing = configuration.confirmed.transcription != nil
        switch event {
        case .sessionCreated(let payload):
            sessionCreated(payload.session)
        case .sessionUpdated(let payload):
            let confirmation = configuration.serverConfirmed(payload.session)
            if let change = confirmation.change, turns.completedTurns.count + tracker.conversation.entries.count > 0 {
                configChanges.append(SessionRecord.ConfigChange(time: Date(), description: change))
            }
            if let eventID = confirmation.eventID { resumeSync(eventID) }
            updateSink.yield(.configuration(configuration))
        case .error(let payload):
            handleError(payload.error)
        case .itemCreated(let payload), .itemAdded(let payload):
            tracker.itemAdded(payload.item, previousItemID: payload.previousItemID, responseID: nil, transcribing: transcribing)
        case .itemDone(let payload):
            tracker.itemDone(payload.item)
        case .itemRetrieved, .itemTruncated, .conversationCreated, .transcriptionSessionUpdated, .contentPartAdded, .contentPartDone,
            .outputAudioBufferStarted, .outputAudioBufferStopped, .outputAudioBufferCleared, .dtmfReceived, .transcriptionSegment, .mcp, .unknown,
            .outputAudioDone, .rateLimitsUpdated:
            break
        case .itemDeleted(let payload):
            tracker.itemDeleted(payload.itemID)
        case .transcriptionDelta(let payload):
            if let delta = payload.delta { tracker.transcriptionDelta(payload.itemID, delta) }
        case .transcriptionCompleted(let payload):
            tracker.transcriptionCompleted(payload.itemID, transcript: payload.transcript, confidence: payload.confidence)
        case .transcriptionFailed(let payload):
            tracker.transcriptionFailed(payload.itemID)
            updateSink.yield(.notice(Notice(.warning, "transcription of your speech failed: \(payload.error.message)")))
        case .speechStarted:
            userSpeaking = true
            updateSink.yield(.userSpeaking(true))
            publishConversation()
            await bargeIn(serverCancels: configuration.confirmed.turnDetection?.interruptsResponse ?? false)
        case .speechStopped:
            userSpeaking = false
            turns.speechStopped()
            updateSink.yield(.userSpeaking(false))
        case .bufferCommitted:
            bufferedInputMilliseconds = 0
            if pushToTalkHeld { serverCommittedDuringPushToTalk = true }
        case .bufferCleared:
            bufferedInputMilliseconds = 0
        case .timeoutTriggered:
            updateSink.yield(.notice(Notice(.info, "the server's idle timeout fired: it is prompting the model to speak")))
        case .responseCreated(let payload):
            _ = responsesRequested.popFirst()
            messagesAwaitingReply.removeAll()
            tracker.responseStarted(payload.response.id)
            turns.responseStarted(payload.response.id)
            updateSink.yield(.assistantResponding(true))
        case .outputItemAdded(let payload):
            tracker.outputItemAdded(payload.item, responseID: payload.responseID, transcribing: transcribing)
        case .outputItemDone(let payload):
            tracker.itemDone(payload.item)
        case .outputAudioDelta(let payload):
            receiveAudio(payload)
        case .outputAudioTranscriptDelta(let payload):
            tracker.replyTextDelta(payload.location, payload.delta)
        case .outputTextDelta(let payload):
            turns.textArrived(for: payload.location.responseID)
            tracker.replyTextDelta(payload.location, payload.delta)
        case .outputAudioTranscriptDone(let payload):
            if let value = payload.value { tracker.replyTextDone(payload.location, value) }
        case .outputTextDone(let payload):
            if let value = payload.value, tracker.replyTextDone(payload.location, value), options.speech != nil {
                speak(value, itemID: payload.location.itemID)
            }
        case .functionCallArgumentsDelta(let payload):
            tracker.functionArgumentsDelta(payload.itemID, payload.delta)
        case .functionCallArgumentsDone(let payload):
            let name = tracker.functionArgumentsDone(payload)
            runTool(name: name, callID: payload.callID, arguments: payload.arguments)
        case .responseDone(let payload):
            finishResponse(payload.response)
        }
    }

    private func sessionCreated(_ session: SessionObject) {
        if let spoken = DialectMismatch.serverDialect(created: session, clientDialect: dialect) {
            endForDialectMismatch(serverDialect: spoken)
            return
        }
        sessionID = session.id
        let initial = configuration.sessionCreated(session)
        let start = lifecycle.sessionCreated(id: sessionID)
        publishState()
        configuration.sentInitialUpdate(eventID: send(.sessionUpdate(initial)))
        switch start {
        case .replay:
            let count = replayConversation()
            updateSink.yield(
                .notice(Notice(.info, "connected to a new session (\(sessionID ?? "?")); \(count) items of the conversation carried over")))
            resendUnanswered()
        case .first where !historyPending.isEmpty:
            tracker.loadHistory(historyPending)
            historyPending = []
            publishConversation()
            let count = replayConversation()
            updateSink.yield(.notice(Notice(.info, "loaded \(count) items of history")))
        case .first:
            break
        }
        scheduleRollover()
        if let waiter = readyWaiter {
            readyWaiter = nil
            waiter.resume()
        }
    }

    /// Sends the conversation so far as items with their own ids.
    ///
    /// - Returns: how many items were sent.
    private func replayConversation() -> Int {
        let items = tracker.replayItems
        for item in items { send(.itemCreate(item: item, previousItemID: nil)) }
        return items.count
    }

    /// Ends the call with the flag that fixes it: going on would leave the server on its own defaults.
    private func endForDialectMismatch(serverDialect: Dialect) {
        let message = DialectMismatch.message(serverDialect: serverDialect)
        lifecycle.serverFailed(ErrorDetail(code: "dialect_mismatch", message: message))
        if readyWaiter != nil {
            failReady(SessionError(.refused, message))
        } else {
            updateSink.yield(.notice(Notice(.error, message)))
        }
        connection?.close(code: 1000, reason: "dialect mismatch")
    }

    private func handleError(_ error: ErrorDetail) {
        if let spoken = DialectMismatch.serverDialect(refusal: error, clientDialect: dialect) {
            endForDialectMismatch(serverDialect: spoken)
            return
        }
        if let eventID = error.eventID, configuration.serverRejected(eventID: eventID) {
            resumeSync(eventID)
            updateSink.yield(.configurationRejected(field: error.param, message: error.message))
            updateSink.yield(.configuration(configuration))
            return
        }
        if let eventID = error.eventID { responsesRequested.remove(eventID) }
        if ConnectionLifecycle.isFatal(error) {
            lifecycle.serverFailed(error)
            updateSink.yield(.notice(Notice(.error, "the server ended the session: \(error.message) (\(error.code ?? error.type))")))
            return
        }
        switch error.code {
        case "response_cancel_not_active":
            return
        case "conversation_already_has_active_response":
            updateSink.yield(.notice(Notice(.warning, "the model is still answering: wait for the reply to finish or interrupt it (i)")))
        default:
            updateSink.yield(.notice(Notice(.error, "server error: \(error.message)\(error.code.map { " (\($0))" } ?? "")")))
        }
    }

    private func receiveAudio(_ payload: ContentDeltaEvent) {
        guard !tracker.isCut(payload.location) else { return }
        guard let data = Data(base64Encoded: payload.delta), let samples = try? PCM.samples(fromLittleEndian: data) else {
            updateSink.yield(.notice(Notice(.warning, "an audio delta was not valid base64 PCM16; skipped")))
            return
        }
        guard let key = tracker.audioReceived(sampleCount: samples.count, at: payload.location) else { return }
        if configuration.assistantSpoke() { updateSink.yield(.configuration(configuration)) }
        turns.audioArrived(for: payload.location.responseID)
        let wait = options.playback?.enqueue(samples, for: key) ?? .zero
        options.recorder?.assistant(samples, audibleIn: wait)
    }

    /// When the player first made a response's audio audible, as a date for its turn metrics.
    func firstAudible(of responseID: String) -> Date? {
        guard let item = tracker.firstAudioItem(of: responseID), let audible = options.playback?.progress(of: item)?.firstAudibleAt else {
            return nil
        }
        let ago = ContinuousClock.now - audible
        return Date().addingTimeInterval(-Double(ago.components.seconds) - Double(ago.components.attoseconds) / 1e18)
    }

    private func finishResponse(_ response: ResponseObject) {
        let firstAudibleAt = firstAudible(of: response.id)
        let textOnly = turns.answeredInTextOnly(response.id)
        let metrics = turns.responseFinished(response, model: configuration.confirmed.model, firstAudibleAt: firstAudibleAt)
        tracker.responseFinished(response.id)
        if response.usage != nil { updateSink.yield(.totals(usage: turns.totalUsage, cost: turns.totalCost)) }
        if response.status == .completed, configuration.desired.outputModality == .audio, textOnly {
            if let speech = options.speech {
                updateSink.yield(
                    .notice(Notice(.warning, "the model answered in text although audio was asked for; speaking it with \(speech.name)")))
            } else {
                forceAudioNextResponse = true
                updateSink.yield(
                    .notice(
                        Notice(
                            .warning,
                            "the model answered in text although audio was asked for (a known effect of text history); the next reply asks for audio explicitly — or start with --tts espeak-ng to speak such replies"
                        )))
            }
        }
        if response.status == .failed {
            let message = response.statusDetails?["error"]?["message"]?.stringValue ?? "no reason given"
            tracker.responseFailed(response.id, reason: message)
            updateSink.yield(.notice(Notice(.error, "the response failed: \(message)")))
        }
        publishConversation()
        autosave()
        updateSink.yield(.turn(metrics))
        updateSink.yield(.assistantResponding(false))
        flushToolOutputs()
    }
}
