extension RealtimeSession {
    /// The connection went away: what was in flight ends, the record is saved, and the lifecycle decides
    /// whether to retry.
    func connectionLost(_ close: TransportClose) {
        connection = nil
        rolloverTask?.cancel()
        if api == .realtime, let responseID = tracker.activeResponseID {
            // The reply the loss cut off still counts as a turn (its usage never came).
            let failed = lifecycle.fatalError.map { $0.code != "session_expired" } ?? false
            let lost = ResponseObject(
                id: responseID, status: failed ? .failed : .incomplete,
                statusDetails: ["type": failed ? "failed" : "incomplete", "reason": failed ? "server_error" : "connection_lost"])
            updateSink.yield(.turn(turns.responseFinished(lost, model: configuration.confirmed.model, firstAudibleAt: nil)))
        }
        if api == .live {
            for action in liveTurns.sessionEnded() { applyLiveTurn(action) }
            liveEarlierSeconds += liveUsage?.seconds ?? 0
            liveUsage = nil
            liveClosed()
        }
        // A server error that ends the session fails the reply under way; the time limit only cuts it.
        let failure = lifecycle.fatalError.flatMap { $0.code == "session_expired" ? nil : "\($0.message) (\($0.code ?? $0.type))" }
        if tracker.connectionLost(failure: failure) { updateSink.yield(.assistantResponding(false)) }
        publishConversation()
        if userSpeaking {
            userSpeaking = false
            updateSink.yield(.userSpeaking(false))
        }
        bufferedInputMilliseconds = 0
        responsesRequested.removeAll()
        configuration.connectionLost()
        let waiters = syncWaiters.values
        syncWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        autosave()
        switch lifecycle.connectionLost(close) {
        case .close(let error):
            publishState()
            failReady(error)
        case .reconnect(let notice):
            updateSink.yield(.notice(notice))
            Task(executorPreference: options.executor) { await self.reconnect() }
        }
    }

    /// Reconnects now, after the session closed (the retries gave up, or the server ended it); the
    /// conversation carries over as after any reconnect.
    ///
    /// - Throws: `.refused` when the session is connected, already reconnecting, or was closed by the person.
    public func reconnectNow() throws(SessionError) {
        guard lifecycle.reconnectRequested() else {
            throw SessionError(.refused, "nothing to reconnect: the session is \(lifecycle.state)")
        }
        updateSink.yield(.notice(Notice(.info, "reconnecting…")))
        Task(executorPreference: options.executor) { await self.reconnect() }
    }

    /// Retries with the policy's delays; on success the conversation is replayed when `session.created` arrives.
    func reconnect() async {
        guard lifecycle.beginRetrying() else { return }
        var lastError = "no attempt made"
        while true {
            switch lifecycle.nextRetry(lastError: lastError) {
            case .stop:
                return
            case .giveUp(let reason):
                publishState()
                updateSink.yield(.notice(Notice(.error, reason)))
                return
            case .attempt(_, let delay):
                publishState()
                if delay > .zero { try? await Task.sleep(for: delay) }
                guard !lifecycle.isClosedByUser else { continue }
                do {
                    try await open()
                    lifecycle.retrySucceeded()
                    return
                } catch {
                    lastError = error.message
                    lifecycle.retryFailed(fatal: error.kind == .fatal)
                }
            }
        }
    }

    /// Opens a new session before the server's limit, once nothing is in flight, and carries the conversation over.
    func scheduleRollover(after planned: Duration? = nil) {
        rolloverTask?.cancel()
        guard let after = planned ?? options.reconnect.rolloverAfter else { return }
        let generation = lifecycle.generation
        rolloverTask = Task(executorPreference: options.executor) { [weak self] in
            try? await Task.sleep(for: after)
            while !Task.isCancelled {
                guard let self else { return }
                if await self.rollOverIfQuiet(generation: generation) { return }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Rolls over if the time has come and nothing is in flight; returns false to be asked again shortly.
    private func rollOverIfQuiet(generation: Int) async -> Bool {
        switch lifecycle.rolloverDue(generation: generation, quiet: isQuiet) {
        case .stop:
            return true
        case .wait:
            return false
        case .rollOver(let notice):
            let old = connection
            if api == .live {
                // The old session ends gracefully; its seconds so far count, its open turns end.
                sendLive(.sessionClose)
                liveEarlierSeconds += liveUsage?.seconds ?? 0
                liveUsage = nil
                for action in liveTurns.sessionEnded() { applyLiveTurn(action) }
            }
            connection = nil
            old?.close(code: 1000, reason: "session rollover")
            updateSink.yield(.notice(notice))
            do {
                try await open()
                lifecycle.rolloverOpened()
            } catch {
                updateSink.yield(.notice(Notice(.warning, "the new session did not open (\(error.message)); retrying")))
                await reconnect()
            }
            return true
        }
    }
}
