import Foundation

extension RealtimeSession {
    /// Sends a client event and records it. Returns the event id used.
    @discardableResult
    public func send(_ event: ClientEvent) -> String {
        transmit(type: event.typeName) { event.json(dialect, eventID: $0) }
    }

    /// Numbers a client event, writes it to the socket and the wire tap, and journals it (either protocol).
    ///
    /// - Returns: the `event_id` used.
    func transmit(type: String, _ json: (String) -> JSONValue) -> String {
        let eventID = journal.nextClientEventID()
        let json = json(eventID)
        let text = JSONWriter.compact(json)
        connection?.send(text)
        wireTap?(.client, text)
        publish(journal.record(.client, type: type, json: json))
        return eventID
    }

    /// Streams one frame of 24 kHz mono PCM16 microphone audio. A GPT-Live session takes it only once it
    /// has started (audio before `session.started` would be refused).
    public func sendAudio(_ samples: [Int16]) {
        guard connection != nil, !samples.isEmpty else { return }
        if api == .live, sessionID == nil { return }
        let base64 = PCM.bytes(samples).base64EncodedString()
        let eventID = journal.nextClientEventID()
        let text =
            api == .live
            ? LiveClientEvent.appendText(base64Audio: base64, eventID: eventID)
            : ClientEvent.appendText(base64Audio: base64, eventID: eventID)
        connection?.send(text)
        wireTap?(.client, text)
        bufferedInputMilliseconds += PCM.milliseconds(forSamples: samples.count)
        options.recorder?.microphone(samples)
        if let run = journal.appended(eventID: eventID, audioBytes: samples.count * 2) { updateSink.yield(.event(run)) }
    }

    /// Sends a typed user message and asks for a reply, interrupting a reply in progress.
    public func sendText(_ text: String) async throws(SessionError) {
        if api == .live {
            throw SessionError(
                .refused, "GPT-Live takes speech only: it has no typed user message; speak, or append instructions for the model instead")
        }
        try requireConnected()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SessionError(.refused, "the message is empty: type some text, then Enter") }
        if tracker.activeResponseID != nil { await bargeIn(serverCancels: false) }
        let item = ConversationItem.userText(trimmed, id: Self.newItemID())
        messagesAwaitingReply.append(item)
        send(.itemCreate(item: item, previousItemID: nil))
        sendResponseCreate()
    }

    /// A fresh item id chosen by the client (the service keeps ids it is given), unique across calls.
    static func newItemID() -> String {
        "item_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }

    /// After a reconnect's replay: sends again the typed messages the lost session never confirmed and
    /// asks for the reply none of them got; then the tool outputs that could not be sent.
    func resendUnanswered() {
        if !messagesAwaitingReply.isEmpty {
            let known = Set(tracker.conversation.entries.map(\.id))
            for item in messagesAwaitingReply where !known.contains(item.id ?? "") { send(.itemCreate(item: item, previousItemID: nil)) }
            sendResponseCreate()
        }
        flushToolOutputs()
    }

    /// Push-to-talk pressed: cut off the assistant if it is speaking, and start a fresh input buffer.
    public func beginPushToTalk() async throws(SessionError) {
        if api == .live { throw Self.liveRefusal("push-to-talk") }
        try requireConnected()
        pushToTalkHeld = true
        serverCommittedDuringPushToTalk = false
        if hasReplyToCut { await bargeIn(serverCancels: false) }
        send(.inputAudioBufferClear)
        bufferedInputMilliseconds = 0
    }

    /// Push-to-talk released: commit what was said and ask for a reply.
    ///
    /// - Throws: `.refused` when less than 100 ms was recorded (the server would answer `input_audio_buffer_commit_empty`).
    public func endPushToTalk() throws(SessionError) {
        if api == .live { throw Self.liveRefusal("push-to-talk") }
        pushToTalkHeld = false
        try requireConnected()
        if serverCommittedDuringPushToTalk {
            // The server's VAD already ended this turn and answers it: a commit now would add a stray turn of
            // the silence since, and a response.create would collide with the reply under way.
            serverCommittedDuringPushToTalk = false
            return
        }
        guard bufferedInputMilliseconds >= 100 else {
            let got = bufferedInputMilliseconds
            send(.inputAudioBufferClear)
            bufferedInputMilliseconds = 0
            throw SessionError(.refused, "push-to-talk too short: \(got) ms recorded, the server needs at least 100 ms; hold the key while speaking")
        }
        send(.inputAudioBufferCommit)
        bufferedInputMilliseconds = 0
        sendResponseCreate()
    }

    /// Interrupts the assistant now (the user's key): stop playback, truncate at what was heard, cancel the response.
    ///
    /// - Returns: false when there was nothing to cut (no reply under way and nothing still playing).
    /// - Throws: `.refused` on a GPT-Live call, which has no way to cut the model off but talking over it.
    @discardableResult
    public func interrupt() async throws(SessionError) -> Bool {
        if api == .live { throw Self.liveRefusal("interrupting the assistant with a key") }
        guard hasReplyToCut else { return false }
        await bargeIn(serverCancels: false)
        return true
    }

    /// Sends `response.create`, asking explicitly for audio after the model answered in text when audio was wanted.
    func sendResponseCreate() {
        var parameters: ResponseParameters?
        if forceAudioNextResponse, configuration.desired.outputModality == .audio {
            forceAudioNextResponse = false
            var forced = ResponseParameters()
            forced.outputModalities = OutputModality.audio.wireList(dialect)
            parameters = forced
        }
        responsesRequested.insert(send(.responseCreate(parameters)))
    }

    /// True when nothing the client started is still under way: no reply asked for or streaming, no tool
    /// running, no tool output waiting to be sent. Headless waits for this before its next message.
    public var isSettled: Bool {
        guard case .connected = lifecycle.state, sessionID != nil else { return false }
        return tracker.activeResponseID == nil && responsesRequested.isEmpty && toolCallsInFlight.isEmpty && toolOutputs.isEmpty
    }

    /// Changes the live configuration: sends one `session.update` with what changed.
    ///
    /// - Returns: what was sent and what was skipped (with reasons).
    /// - Throws: `.invalidConfiguration` when a value is out of range (nothing is sent).
    @discardableResult
    public func updateConfig(_ newConfig: SessionConfig) throws(SessionError) -> ConfigurationLedger.Edit {
        if api == .live, newConfig != configuration.desired {
            throw SessionError(
                .refused,
                "GPT-Live fixes the model, voice and instructions at session.start; the change applies to the next call (use --voice, --instructions)"
            )
        }
        do {
            try newConfig.validate(for: dialect)
        } catch {
            throw SessionError(.invalidConfiguration, error.description)
        }
        let edit = configuration.edit(newConfig)
        if !edit.skipped.isEmpty { updateSink.yield(.configurationSkipped(edit.skipped)) }
        if let session = edit.session, connection != nil {
            configuration.sent(eventID: send(.sessionUpdate(session)))
        }
        updateSink.yield(.configuration(configuration))
        return edit
    }

    /// Returns once the server has processed everything sent so far.
    ///
    /// It sends a `session.update` that changes nothing; the server handles events in order, so its
    /// `session.updated` (or an error) proves every earlier audio frame was seen. Headless `--fast` uses it
    /// to know whether a turn ended before sending the next sentence.
    public func syncWithServer() async {
        guard connection != nil, api == .realtime else { return }
        var empty = SessionObject()
        if dialect == .ga { empty.type = "realtime" }
        let eventID = send(.sessionUpdate(empty))
        configuration.sent(eventID: eventID)
        await withCheckedContinuation { syncWaiters[eventID] = $0 }
    }

    func resumeSync(_ eventID: String) {
        syncWaiters.removeValue(forKey: eventID)?.resume()
    }

    /// Loads earlier conversation items (history, or a replay after reconnecting), in order.
    public func loadHistory(_ items: [ConversationItem]) throws(SessionError) {
        if api == .live { throw SessionError(.refused, "GPT-Live takes history only at session.start (--history)") }
        try requireConnected()
        for item in items { send(.itemCreate(item: item, previousItemID: nil)) }
    }

    func requireConnected() throws(SessionError) {
        guard connection != nil, lifecycle.state.isConnected else {
            throw SessionError(.notConnected, "not connected to the server (\(lifecycle.state)); wait for the connection, or press r to reconnect")
        }
    }

    /// Publishes journal records to the front ends.
    func publish(_ records: [EventRecord]) {
        for record in records { updateSink.yield(.event(record)) }
    }

    /// Reports the microphone appends (and GPT-Live output track deltas) held back, if any.
    func publishAppendRun() {
        if let run = journal.takeAppendRun() { updateSink.yield(.event(run)) }
        if let run = journal.takeTrackRun() { updateSink.yield(.event(run)) }
    }
}
