import RealtimeCore

/// Context appends: `session.instructions.append`, `session.thinking.append` and `session.commentary.append`
/// wait for input audio to place them on the timeline, are then acknowledged, and commentary is spoken.
extension SimulatedLiveSession {
    /// Checks an append and queues it until the next input audio moves the timeline.
    ///
    /// `content` must be a non-empty string and `delegation_id` present: null for general context, or the id of
    /// a delegation of this session ([inferred]: the service's handling of unknown ids is not documented). Under
    /// Responses delegation only null is accepted (the backend owns the task).
    func appendContext(_ kind: ContextKind, _ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard let config else { return }
        guard !output.hasFixture else { throw .fixtureActive("session.\(kind.rawValue).append") }
        guard let contentValue = event["content"] else { throw .missingParameter("content") }
        guard case .string(let content) = contentValue else { throw .invalidType("content", expected: "a string", got: contentValue) }
        guard content.contains(where: { !$0.isWhitespace }) else { throw .invalidValue("content", "'content' must not be empty.") }
        guard let delegationValue = event["delegation_id"] else { throw .missingParameter("delegation_id") }
        switch delegationValue {
        case .null:
            break
        case .string(let delegationID):
            guard config.delegation.kind != .responses else {
                throw .invalidValue(
                    "delegation_id", "Under Responses delegation appends take 'delegation_id': null; the backend answers delegated tasks.")
            }
            guard delegations[delegationID] != nil else {
                throw .invalidValue("delegation_id", "Delegation '\(delegationID)' not found in this session.")
            }
        default:
            throw .invalidType("delegation_id", expected: "a string or null", got: delegationValue)
        }
        pendingAppends.append(PendingAppend(kind: kind, content: content, clientEventID: clientEventID))
    }

    /// Places the pending appends where the timeline now is: each is acknowledged with the 200 ms bucket it
    /// landed in ([inferred] granularity, as observed), and commentary is spoken 300 ms later, word for word.
    func placePendingAppends() {
        guard !pendingAppends.isEmpty else { return }
        let nowMs = input.timelineMs
        let startMs = nowMs / LiveTranscriptPiece.bucketMilliseconds * LiveTranscriptPiece.bucketMilliseconds
        let placed = pendingAppends
        pendingAppends = []
        for append in placed {
            send(
                "session.\(append.kind.rawValue).appended",
                ["start_ms": .int(startMs), "end_ms": .int(startMs + LiveTranscriptPiece.bucketMilliseconds)],
                clientEventID: append.clientEventID)
            contextCharacters += append.content.count
            if append.kind == .commentary { speak(append.content, notBeforeMs: nowMs + Self.reactionMs) }
        }
    }
}
