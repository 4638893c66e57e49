import Foundation
import RealtimeCore

/// Follows a headless session's updates: prints the transcript, and knows when the call is idle
/// (no reply in progress, nobody speaking) or has ended for good.
actor HeadlessMonitor {
    private let log: @Sendable (String) -> Void
    private var responding = false
    private var speaking = false
    private var lastActivity = ContinuousClock.now
    private var printed: Set<String> = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Why the call cannot go on, once it cannot.
    private(set) var fatalReason: String?

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    func consume(_ updates: AsyncStream<SessionUpdate>) async {
        for await update in updates {
            switch update {
            case .assistantResponding(let on):
                responding = on
                lastActivity = .now
            case .userSpeaking(let on):
                speaking = on
                lastActivity = .now
            case .entry(let entry):
                if !entry.isPartial, !printed.contains(entry.id), !(entry.text.isEmpty && !entry.interrupted) {
                    printed.insert(entry.id)
                    let who = entry.kind == .functionCall ? "tool call \(entry.toolName ?? "")" : entry.speaker.rawValue
                    log("\(who): \(Self.shortened(entry.recordText))\(entry.interrupted ? " [interrupted]" : "")")
                }
            case .turn(let turn):
                let latency =
                    turn.latencyToFirstDelta.map {
                        " first audio \($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) ms"
                    } ?? ""
                log("turn \(turn.responseID): \(turn.status)\(turn.statusReason.map { " (\($0))" } ?? "")\(latency)")
            case .notice(let notice):
                log("\(notice.level.rawValue): \(notice.text)")
            case .configurationRejected(_, let message):
                log("error: the server rejected a setting: \(message)")
            case .configurationSkipped(let skipped):
                for s in skipped { log("note: \(s.description)") }
            case .connection(.closed(let reason)):
                fatalReason = reason
                responding = false
            default:
                break
            }
            wakeIfIdle()
        }
        fatalReason = fatalReason ?? "the session ended"
        responding = false
        speaking = false
        wakeIfIdle()
    }

    /// The longest text printed for one entry; the record keeps it whole.
    static let printedCharacters = 2_000

    /// A long text (a tool's 10 MB output, say) cut for the terminal, saying how much more the record holds.
    static func shortened(_ text: String) -> String {
        guard text.count > printedCharacters else { return text }
        return String(text.prefix(printedCharacters)) + "… (\(text.count - printedCharacters) more characters in the record)"
    }

    private var isIdle: Bool { (!responding && !speaking) || fatalReason != nil || stopped }
    /// True once the call is to end now: no more waiting for replies.
    private var stopped = false

    /// The call ends now (a signal): every wait for a reply returns.
    func stop() {
        stopped = true
        wakeEveryone()
    }

    private func wakeIfIdle() {
        guard isIdle else { return }
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Wakes every waiter at a deadline, so a server that goes silent cannot hang the call.
    private func wakeAll(at deadline: ContinuousClock.Instant) {
        Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.wakeEveryone()
        }
    }

    private func wakeEveryone() {
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until nothing is happening, and has stayed so for `settle` (a reply may be about to start).
    func waitUntilIdle(timeout: Duration, settle: Duration) async throws(HeadlessError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if !isIdle {
                wakeAll(at: deadline)
                await withCheckedContinuation { idleWaiters.append($0) }
                if clock.now > deadline { throw HeadlessError("no reply finished within \(timeout.components.seconds) s; the server may be stalled") }
                continue
            }
            if fatalReason != nil || stopped || settle == .zero { return }
            let quietSince = lastActivity
            try? await Task.sleep(for: settle)
            if isIdle, lastActivity == quietSince { return }
            if clock.now > deadline { throw HeadlessError("no reply finished within \(timeout.components.seconds) s; the server may be stalled") }
        }
    }
}
