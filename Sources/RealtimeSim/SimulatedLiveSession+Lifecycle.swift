import Foundation
import RealtimeCore

/// Starting, updating and ending a GPT-Live session, and its usage updates.
extension SimulatedLiveSession {
    /// `session.start`: a strictly valid configuration starts the session (`session.started`); a refused one
    /// sends only the error, and the client may try again. A Realtime model closes the socket (1008).
    func startSession(_ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard config == nil else { throw .alreadyStarted() }
        guard let session = event["session"] else { throw .missingParameter("session") }
        let parsed = try LiveSessionSettings.parse(session)
        if let family = ModelCatalog.model(parsed.model)?.family, family != .live {
            // Unknown names pass: on Azure the model is a deployment name.
            sendError(.realtimeModelOnLive(parsed.model), clientEventID: clientEventID)
            outgoing.yield(.close(code: 1008, reason: "invalid_model"))
            terminate()
            return
        }
        config = parsed
        input = LiveInput(format: parsed.format)
        output = LiveOutputTrack(format: parsed.format)
        contextCharacters = parsed.startupCharacters
        let lifetime = environment.maxSessionDuration.components
        expiresAt = Int(Date().timeIntervalSince1970) + Int(lifetime.seconds) + (lifetime.attoseconds > 0 ? 1 : 0)
        send("session.started", ["session": parsed.resource(id: sessionID, expiresAt: expiresAt)], clientEventID: clientEventID)
        armExpiry()
        let interval = environment.usageInterval
        spawn { session in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                await session.sendUsage()
            }
        }
    }

    /// `session.update`: `delegation` (same type) and `triggers`; answered with `session.updated` and the full
    /// session. A refused update changes nothing.
    func updateSession(_ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard let current = config else { return }
        guard let session = event["session"] else { throw .missingParameter("session") }
        let next = try current.updated(with: session)
        config = next
        send("session.updated", ["session": next.resource(id: sessionID, expiresAt: expiresAt)], clientEventID: clientEventID)
    }

    /// `session.usage.updated`: whole seconds of timeline so far, and how full the context is.
    func sendUsage() {
        send("session.usage.updated", ["usage": usage, "context_window": ["usage_ratio": .number(usageRatio)]])
    }

    /// The cumulative usage: whole seconds of timeline (billing counts session time, which moves with input).
    var usage: JSONValue {
        ["seconds": .int(input.timelineMs / 1000)]
    }

    /// The context's size against the window: a token per four characters of text plus ten per second of
    /// timeline ([inferred] estimate), at most 1.
    var usageRatio: Double {
        let tokens = contextCharacters / 4 + input.timelineMs / 100
        return min(1, Double(tokens) / Double(Self.contextWindowTokens))
    }

    /// Ends a started session: appends never placed get `context_injection_incomplete`, then `session.closed`
    /// with the final usage, then close 1000. A socket that never started a session just closes.
    func close(reason: String, clientEventID: String?) {
        guard !ended else { return }
        if let config {
            for append in pendingAppends { sendError(.contextInjectionIncomplete(), clientEventID: append.clientEventID) }
            pendingAppends = []
            send(
                "session.closed", ["reason": .string(reason), "usage": usage, "session": config.resource(id: sessionID, expiresAt: expiresAt)],
                clientEventID: clientEventID)
        }
        outgoing.yield(.close(code: 1000, reason: reason))
        terminate()
    }

    /// The maximum session length was reached.
    func expire() {
        close(reason: "expired", clientEventID: nil)
    }
}
