import Foundation

/// The GPT-Live driver's receiving side: server events become the same conversation entries, turn metrics,
/// playback and updates as the Realtime driver's.
extension RealtimeSession {
    /// Reads one GPT-Live server frame, records it and applies it.
    func handleLive(_ json: JSONValue, type: String) async {
        let frame: LiveServerFrame
        do {
            frame = try LiveServerFrame.decode(json: json)
        } catch {
            publish(journal.record(.server, type: type, json: json))
            updateSink.yield(.notice(Notice(.warning, "could not read a GPT-Live server event: \(error.description); ignored")))
            return
        }
        if case .outputAudioDelta(let audio, _) = frame.event {
            // Ten a second for the whole call: reported in runs, as the microphone's appends are.
            if let run = journal.trackDelta(audioBytes: audio.utf8.count * 3 / 4) { updateSink.yield(.event(run)) }
        } else {
            publish(journal.record(.server, type: type, json: json))
        }
        await applyLive(frame.event)
        publishConversation()
    }

    private func applyLive(_ event: LiveServerEvent) async {
        switch event {
        case .sessionStarted(let session):
            liveSessionStarted(session)
        case .sessionUpdated(let session):
            if let delegation = session.config.delegation {
                liveDelegation = delegation
                updateSink.yield(.liveDelegation(delegation))
            }
            updateSink.yield(.notice(Notice(.info, "the server accepted the delegation settings")))
        case .outputAudioDelta(let audio, _):
            await receiveLiveAudio(audio)
        case .inputTranscriptDelta(let text, let span):
            await applyLiveTurns(liveTurns.inputTranscript(text, span: span))
        case .outputTranscriptDelta(let text, let span):
            await applyLiveTurns(liveTurns.outputTranscript(text, span: span))
        case .inputAudioMuted:
            updateSink.yield(.notice(Notice(.info, "muted: the model hears silence until you unmute")))
        case .inputAudioUnmuted:
            updateSink.yield(.notice(Notice(.info, "unmuted: the model hears you again")))
        case .delegationCreated(let notice):
            liveDelegationCreated(notice)
        case .responseEvent(let delegationID, let event):
            liveBackendEvent(event, delegationID: delegationID)
        case .decisionEvent(let notice):
            liveDecision(notice)
        case .usageUpdated(let usage):
            liveUsage = usage
            publishSessionTime()
        case .sessionClosed(let reason, _, let usage):
            await liveSessionClosed(reason: reason, usage: usage)
        case .error(let detail):
            liveError(detail)
        case .info(let code, let message):
            updateSink.yield(.notice(Notice(.info, "the server says: \(message) (\(code))")))
        case .contextAppended, .outputAudioFixturePlaying, .outputAudioFixturePlayed, .decisionItemCreated, .decisionItemDeleted,
            .unknown:
            break
        }
    }

    private func liveSessionStarted(_ session: LiveSessionResource) {
        sessionID = session.id
        liveStartEventID = nil
        liveUsage = nil
        let expiry = Date(timeIntervalSince1970: TimeInterval(session.expiresAt))
        liveExpiresAt = expiry
        updateSink.yield(.sessionExpiry(expiry))
        if let delegation = session.config.delegation {
            liveDelegation = delegation
            updateSink.yield(.liveDelegation(delegation))
        }
        let start = lifecycle.sessionCreated(id: session.id)
        publishState()
        let carried = session.config.input.count
        switch start {
        case .replay:
            updateSink.yield(
                .notice(Notice(.info, "connected to a new GPT-Live session (\(session.id)); \(carried) messages of the conversation carried over")))
        case .first where !historyPending.isEmpty:
            tracker.loadHistory(historyPending)
            historyPending = []
            publishConversation()
            updateSink.yield(.notice(Notice(.info, "started from \(carried) messages of history")))
        case .first:
            break
        }
        if liveMuted { sendLive(.inputAudioMute) }
        if options.reconnect.sessionLimit != nil {
            // Roll over ahead of the session's own expiry, by the margin the policy keeps before a fixed limit.
            let left = Duration.seconds(max(0, expiry.timeIntervalSinceNow))
            scheduleRollover(after: max(.zero, left - min(.seconds(120), left / 10)))
        }
        if let waiter = readyWaiter {
            readyWaiter = nil
            waiter.resume()
        }
    }

    private func receiveLiveAudio(_ base64: String) async {
        guard let data = Data(base64Encoded: base64), let samples = try? PCM.samples(fromLittleEndian: data) else {
            updateSink.yield(.notice(Notice(.warning, "an audio delta was not valid base64 PCM16; skipped")))
            return
        }
        await applyLiveTurns(liveTurns.outputAdvanced(by: PCM.milliseconds(forSamples: samples.count)))
        var key = PlaybackItem(itemID: "live_track_\(liveTrackSegment)")
        if let reply = liveTurns.currentReply,
            let replyKey = tracker.audioReceived(sampleCount: samples.count, at: ContentLocation(responseID: reply.responseID, itemID: reply.entryID))
        {
            key = replyKey
            turns.audioArrived(for: reply.responseID)
        }
        let wait = options.playback?.enqueue(samples, for: key) ?? .zero
        options.recorder?.assistant(samples, audibleIn: wait)
    }

    /// Performs what the turn-taking decided; a reply the user spoke over first flushes what is still queued
    /// to play (the server stops on its own; what is buffered here would otherwise play on).
    func applyLiveTurns(_ actions: [LiveTurnTaking.Action]) async {
        for action in actions {
            if case .replyEnded(let entryID, _, true) = action {
                liveTrackSegment += 1
                let heard = await options.playback?.interrupt() ?? []
                options.recorder?.interrupted()
                tracker.replySpokenOver(id: entryID)
                let heardMs = heard.first { $0.item.itemID == entryID }?.heardMilliseconds ?? tracker.conversation[entryID]?.audioMilliseconds
                updateSink.yield(.bargeIn(itemID: entryID, heardMilliseconds: heardMs))
            }
            applyLiveTurn(action)
        }
    }

    /// Performs one turn-taking action that needs no waiting.
    func applyLiveTurn(_ action: LiveTurnTaking.Action) {
        switch action {
        case .userTurnBegan(let entryID):
            tracker.speechEntryBegan(id: entryID, speaker: .user, responseID: nil)
            userSpeaking = true
            updateSink.yield(.userSpeaking(true))
        case .userText(let entryID, let text):
            tracker.transcriptionDelta(entryID, text)
        case .userTurnEnded(let entryID):
            tracker.speechEntryEnded(id: entryID)
            userSpeaking = false
            updateSink.yield(.userSpeaking(false))
        case .replyBegan(let entryID, let responseID, let silenceMs):
            if let silenceMs { turns.speechStopped(at: Date().addingTimeInterval(-Double(silenceMs) / 1000)) }
            tracker.speechEntryBegan(id: entryID, speaker: .assistant, responseID: responseID)
            turns.responseStarted(responseID)
            updateSink.yield(.assistantResponding(true))
        case .replyText(let entryID, let responseID, let text):
            tracker.replyTextDelta(ContentLocation(responseID: responseID, itemID: entryID), text)
        case .replyEnded(_, let responseID, let interrupted):
            finishLiveReply(responseID, interrupted: interrupted)
        case .replyWasCut(let entryID):
            tracker.replySpokenOver(id: entryID)
            updateSink.yield(.bargeIn(itemID: entryID, heardMilliseconds: tracker.conversation[entryID]?.audioMilliseconds))
        }
    }

    private func finishLiveReply(_ responseID: String, interrupted: Bool) {
        let firstAudibleAt = firstAudible(of: responseID)
        let response = ResponseObject(id: responseID, status: interrupted ? .cancelled : .completed)
        let metrics = turns.responseFinished(response, model: configuration.desired.model, firstAudibleAt: firstAudibleAt)
        tracker.responseFinished(responseID)
        publishConversation()
        autosave()
        updateSink.yield(.turn(metrics))
        updateSink.yield(.assistantResponding(false))
    }

    private func liveDelegationCreated(_ notice: LiveDelegationNotice) {
        let task = liveTaskText(since: liveDelegations.last)
        liveDelegations.append(notice)
        var entry = ConversationEntry(id: notice.id, speaker: .assistant, kind: .functionCall, text: task, isPartial: false)
        entry.toolName = "delegation → \(notice.target)"
        entry.callID = notice.id
        tracker.add(entry)
        updateSink.yield(
            .notice(Notice(.info, "the model delegated work to the \(notice.target == "client" ? "console" : notice.target) (\(notice.id))")))
        if notice.target == "client" { answerClientDelegation(notice, task: task) }
    }

    /// The user's words since a delegation (or since the call began): the task of the next one, which
    /// `session.delegation.created` does not carry.
    func liveTaskText(since previous: LiveDelegationNotice?) -> String {
        let entries = tracker.conversation.entries
        let start = previous.flatMap { notice in entries.firstIndex { $0.id == notice.id }.map { $0 + 1 } } ?? 0
        return entries[start...].filter { $0.speaker == .user && $0.kind == .message }.map(\.text).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    private func liveSessionClosed(reason: String, usage: LiveUsage) async {
        liveEarlierSeconds += usage.seconds
        liveUsage = nil
        publishSessionTime()
        await applyLiveTurns(liveTurns.sessionEnded())
        let requested = lifecycle.isClosedByUser
        switch reason {
        case "close_requested" where requested:
            liveClosed()
            return
        case "expired":
            lifecycle.serverFailed(
                ErrorDetail(type: "session_closed", code: "session_expired", message: "the GPT-Live session reached its time limit"))
        case "connection_lost":
            updateSink.yield(.notice(Notice(.warning, "the service lost the session's connection (connection_lost)")))
            return
        case "content":
            lifecycle.serverFailed(ErrorDetail(type: "session_closed", code: "content", message: "the service's safety filter ended the session"))
        case "remote_hangup":
            lifecycle.serverFailed(ErrorDetail(type: "session_closed", code: "remote_hangup", message: "the other end hung up"))
        case "close_requested":
            lifecycle.serverFailed(ErrorDetail(type: "session_closed", code: "close_requested", message: "the session was closed from elsewhere"))
        default:
            lifecycle.serverFailed(ErrorDetail(type: "session_closed", code: reason, message: "the server closed the session"))
        }
        if let error = lifecycle.fatalError {
            updateSink.yield(.notice(Notice(.error, "the GPT-Live session closed: \(error.message) (\(reason))")))
        }
    }

    private func liveError(_ detail: ErrorDetail) {
        if sessionID == nil, liveStartEventID != nil, detail.eventID == nil || detail.eventID == liveStartEventID {
            // A refused start ends the attempt: the same start would be refused again.
            liveStartEventID = nil
            lifecycle.serverFailed(detail)
            let param = detail.param.map { ", \($0)" } ?? ""
            let message = "the server refused session.start: \(detail.message) (\(detail.code ?? detail.type)\(param))"
            updateSink.yield(.notice(Notice(.error, message)))
            failReady(SessionError(.refused, message))
            connection?.close(code: 1000, reason: "session.start refused")
            return
        }
        if ConnectionLifecycle.isFatal(detail) {
            lifecycle.serverFailed(detail)
            updateSink.yield(.notice(Notice(.error, "the server ended the session: \(detail.message) (\(detail.code ?? detail.type))")))
            return
        }
        if detail.code == "context_injection_incomplete" {
            updateSink.yield(
                .notice(Notice(.warning, "an append was never placed on the timeline before the session ended (context_injection_incomplete)")))
            return
        }
        let param = detail.param.map { ", \($0)" } ?? ""
        updateSink.yield(.notice(Notice(.error, "server error: \(detail.message) (\(detail.code ?? detail.type)\(param))")))
    }
}
