import Foundation
import RealtimeCore

extension ConsoleModel {
    /// Applies a session update.
    mutating func apply(_ update: SessionUpdate) -> [ConsoleEffect] {
        switch update {
        case .connection(let state):
            connection = state
            switch state {
            case .connected(let sessionID):
                if connectedAt == nil { connectedAt = now }
                if serverSessionStartedAt == nil || sessionID != serverSessionID {
                    serverSessionID = sessionID
                    serverSessionStartedAt = now
                }
                if let message = pendingMessage {
                    pendingMessage = nil
                    return [.sendText(message)]
                }
            case .reconnecting(let attempt):
                post(Notice(.warning, "connection lost; reconnecting (attempt \(attempt))…"))
            case .closed(let reason) where !quitting:
                post(Notice(.error, "the session ended: \(reason); press r to reconnect, e to export, q to quit"))
            default:
                break
            }
        case .event(let record):
            events.append(record)
        case .entry(let entry):
            upsert(entry)
        case .entryRemoved(let id):
            remove(id)
        case .userSpeaking(let speaking):
            userSpeaking = speaking
            if speaking { _ = timeline.mark(.user) }
        case .assistantResponding(let responding):
            if assistantResponding, !responding { replyEndedAt = now }
            assistantResponding = responding
            if responding { _ = timeline.mark(.assistant) }
        case .bargeIn(_, let heard):
            _ = timeline.mark(.bargeIn)
            let heardText = heard.map { String(format: " after %.1f s of the reply", Double($0) / 1000) } ?? ""
            post(Notice(.info, "you cut the assistant off\(heardText); the transcript keeps only what was heard"))
        case .configuration(let ledger):
            parameters.sessionPublished(ledger)
        case .configurationRejected(let parameter, let message):
            let field = parameters.serverRejected(parameter: parameter, message: message)
            post(Notice(.error, "the server rejected \(field?.title.lowercased() ?? "the change"): \(message) (reverted)"))
        case .configurationSkipped(let skipped):
            parameters.skipped(skipped)
            if let first = skipped.first { post(Notice(.warning, "\(first.field) not sent: \(first.reason)")) }
        case .turn(let metrics):
            lastTurn = metrics
            turnCount += 1
        case .sessionExpiry(let date):
            sessionExpiresAt = date
        case .sessionTime(let seconds, let ratio):
            liveSeconds = seconds
            contextRatio = ratio
        case .liveDelegation(let delegation):
            parameters.delegationConfirmed(delegation)
        case .totals(let usage, let cost):
            totalUsage = usage
            totalCost = cost
        case .notice(let notice):
            post(notice)
        }
        return []
    }

    private mutating func upsert(_ entry: ConversationEntry) {
        if let index = entryIndex[entry.id] {
            entries[index] = entry
        } else {
            entryIndex[entry.id] = entries.count
            entries.append(entry)
        }
    }

    private mutating func remove(_ id: String) {
        guard let index = entryIndex[id] else { return }
        entries.remove(at: index)
        transcriptLines.forget(id)
        entryIndex = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.id, $0) })
    }
}
