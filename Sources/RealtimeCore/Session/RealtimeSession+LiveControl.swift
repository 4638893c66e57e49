import Foundation

/// The GPT-Live driver's requests: starting a session, sending, muting, appending context and closing.
extension RealtimeSession {
    /// Sends a GPT-Live client event and records it. Returns the event id used.
    @discardableResult
    public func sendLive(_ event: LiveClientEvent) -> String {
        transmit(type: event.typeName) { event.json(eventID: $0) }
    }

    /// Sends `session.start` on a new connection: the configuration, and the conversation so far as
    /// `input` (the history on the first session, the call itself after a reconnect or rollover).
    func startLiveSession() {
        let entries = tracker.conversation.entries.isEmpty ? historyPending : tracker.conversation.entries
        let input = LiveInputMessage.seed(from: entries)
        var live = options.live
        live.delegation = liveDelegation
        liveStartEventID = sendLive(.sessionStart(configuration.desired.liveStart(options: live, input: input)))
    }

    /// Changes the delegation's settings (a backend's model, reasoning or tools) with `session.update`; its
    /// type is fixed for the session.
    public func updateLiveDelegation(_ delegation: LiveDelegation) throws(SessionError) {
        guard api == .live else { throw SessionError(.refused, "delegation is GPT-Live's; a Realtime call has tools on the model instead") }
        guard delegation.kind == liveDelegation.kind else {
            throw SessionError(
                .refused,
                "the delegation type is fixed at session.start (\(liveDelegation.kind.rawValue)); start the next call with --delegation \(delegation.kind.rawValue)"
            )
        }
        try requireConnected()
        sendLive(.sessionUpdate(delegation: delegation, triggers: nil))
    }

    /// Publishes the call's billable seconds and the context's fill.
    func publishSessionTime() {
        updateSink.yield(.sessionTime(seconds: liveSeconds, contextRatio: liveUsage?.contextUsageRatio))
        updateSink.yield(.totals(usage: liveBackendUsage, cost: liveCost))
    }

    /// Mutes or unmutes the input. Under GPT-Live the server is told (`session.input_audio.mute`), the
    /// input keeps flowing, and a new session after a reconnect is muted again; under Realtime muting is
    /// the microphone's alone, and this does nothing.
    public func setInputMuted(_ muted: Bool) {
        guard api == .live, muted != liveMuted else { return }
        liveMuted = muted
        if connection != nil, sessionID != nil { sendLive(muted ? .inputAudioMute : .inputAudioUnmute) }
    }

    /// Places context on a GPT-Live session's timeline: instructions (trusted), thinking (silent) or
    /// commentary (spoken), for a delegation or (nil) in general.
    public func appendContext(_ kind: LiveContextKind, _ content: String, delegationID: String? = nil) throws(SessionError) {
        guard api == .live else {
            throw SessionError(.refused, "context appends are GPT-Live's; on the Realtime protocol change the instructions instead")
        }
        try requireConnected()
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SessionError(.refused, "the \(kind.rawValue) to append is empty: give some text") }
        sendLive(.contextAppend(kind, content: trimmed, delegationID: delegationID))
    }

    /// Why a Realtime-only request has no meaning on a GPT-Live call, in one line.
    static func liveRefusal(_ what: String) -> SessionError {
        SessionError(
            .refused, "\(what) does not exist in GPT-Live: the server decides when each side speaks and stops on its own when you talk over it")
    }

    /// Closes a GPT-Live session gracefully: `session.close`, then waits for `session.closed` (the final
    /// usage) at most `limit`; a session that is not open is left alone.
    func closeLiveSession(within limit: Duration) async {
        guard connection != nil, sessionID != nil, lifecycle.state.isConnected else { return }
        lifecycle.closedByUser()
        rolloverTask?.cancel()
        sendLive(.sessionClose)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            liveCloseWaiter = continuation
            Task(executorPreference: options.executor) { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.liveClosed()
            }
        }
    }

    /// `session.closed` came, the connection went, or the wait ran out: a graceful close is over.
    func liveClosed() {
        liveCloseWaiter?.resume()
        liveCloseWaiter = nil
    }

    /// True on a GPT-Live call while someone's words are coming, or the user spoke last and no reply has
    /// come yet: a client must keep the input flowing for the server to answer.
    public var liveAwaitingReply: Bool {
        if liveTurns.userSpeaking || liveTurns.assistantSpeaking { return true }
        let lastMessage = tracker.conversation.entries.last { $0.kind == .message }
        return lastMessage?.speaker == .user && !(lastMessage?.fromHistory ?? false)
    }

    /// Billable GPT-Live seconds of the whole call (earlier sessions and the current one).
    public var liveSeconds: Int { liveEarlierSeconds + (liveUsage?.seconds ?? 0) }

    /// The cost of the call: its GPT-Live seconds at the model's per-minute price, plus a Responses
    /// backend's tokens when the price table knows the backend model; nil when the catalog has no price.
    var liveCost: Double? {
        guard case .perMinute(let price)? = ModelCatalog.model(configuration.desired.model)?.pricing else { return nil }
        var cost = Double(liveSeconds) / 60 * price
        if case .responses(let backend, _) = liveDelegation, let prices = options.prices.prices(for: backend.model) {
            cost += prices.cost(of: liveBackendUsage)
        }
        return cost
    }
}
