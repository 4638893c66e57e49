/// Where a session's connection stands and what to do when it changes: connect, lose, back off, give up,
/// roll over.
///
/// A value that takes what happened and returns what to do; the session performs it (opens sockets,
/// sleeps, replays the conversation). Connections are numbered by ``generation`` so that events of a
/// connection that has been replaced are recognised and ignored.
public struct ConnectionLifecycle: Sendable, Equatable {
    /// The state front ends see.
    public private(set) var state: ConnectionState = .disconnected
    /// How to retry and when to roll over.
    public let policy: ReconnectPolicy
    /// The number of the current connection; bumped on every open and every rollover.
    public private(set) var generation = 0
    /// The last fatal error the server sent (invalid key, quota, expiry), if any.
    public private(set) var fatalError: ErrorDetail?
    /// Retries made since the last session was created.
    public private(set) var attempts = 0
    private var userClosed = false
    private var retrying = false
    private var giveUpEarly = false
    private var replayOnReady = false
    private var awaitingFirstSession = false
    private var manualAttempt = false

    /// Error codes after which the session cannot go on.
    public static let fatalErrorCodes: Set<String> = [
        "invalid_api_key", "insufficient_quota", "account_deactivated", "billing_hard_limit_reached", "credit_balance_exhausted",
        "session_expired", "beta_api_shape_disabled", "model_not_found", "invalid_model",
    ]

    /// Creates a lifecycle that follows `policy`.
    public init(policy: ReconnectPolicy) {
        self.policy = policy
    }

    /// True once the person closed the session: nothing reconnects after that.
    public var isClosedByUser: Bool { userClosed }

    /// True while a lost connection is being retried.
    public var isRetrying: Bool { retrying }

    /// The first connection is being opened.
    public mutating func connectRequested() {
        state = .connecting
        awaitingFirstSession = true
    }

    /// The first connection could not be opened or gave no session.
    public mutating func connectFailed(reason: String) {
        state = .closed(reason: reason)
        awaitingFirstSession = false
    }

    /// A socket opened.
    ///
    /// - Returns: its generation; events of older generations are to be ignored.
    public mutating func opened() -> Int {
        generation += 1
        return generation
    }

    /// True when events of connection `generation` still count.
    public func isCurrent(_ generation: Int) -> Bool { generation == self.generation }

    /// What a new server session needs from the conversation.
    public enum Start: Sendable, Equatable {
        /// The first session of the call: load the history, if any.
        case first
        /// A session after a reconnect or a rollover: replay the conversation so far.
        case replay
    }

    /// The server created a session.
    public mutating func sessionCreated(id: String?) -> Start {
        state = .connected(sessionID: id)
        awaitingFirstSession = false
        guard replayOnReady else { return .first }
        replayOnReady = false
        attempts = 0
        return .replay
    }

    /// The server sent an error that ends the session.
    public mutating func serverFailed(_ error: ErrorDetail) {
        fatalError = error
    }

    /// True when an error code ends the session.
    public static func isFatal(_ error: ErrorDetail) -> Bool {
        fatalErrorCodes.contains(error.code ?? "") || fatalErrorCodes.contains(error.type)
    }

    /// What to do about a lost connection.
    public enum Loss: Sendable, Equatable {
        /// Stop: the state is closed; the error says why (for a caller still waiting to connect).
        case close(SessionError)
        /// Retry; tell the person this first.
        case reconnect(Notice)
    }

    /// The connection went away.
    public mutating func connectionLost(_ close: TransportClose) -> Loss {
        let expired = fatalError?.code == "session_expired"
        let reason: String
        if let fatalError {
            reason = "\(fatalError.message) (\(fatalError.code ?? fatalError.type))"
        } else if close.isNormal {
            reason = "connection closed by the server"
        } else {
            reason = "connection lost: \(close)"
        }
        let canRetry = !policy.delays.isEmpty && !awaitingFirstSession && (fatalError == nil || expired)
        if userClosed || !canRetry {
            state = .closed(reason: userClosed ? "connection closed" : reason)
            awaitingFirstSession = false
            return .close(SessionError(fatalError != nil ? .fatal : .transport, reason))
        }
        fatalError = nil
        // Reconnecting from now on, not when the retry loop starts: until then the session has no socket, and
        // a front end that saw "connected" would send into nothing.
        state = .reconnecting(attempt: attempts + 1)
        if expired {
            return .reconnect(Notice(.warning, "the server ended the session at its time limit; starting a new one with the conversation so far"))
        }
        return .reconnect(Notice(.warning, "\(reason); reconnecting"))
    }

    /// Starts retrying; false when a retry loop already runs.
    public mutating func beginRetrying() -> Bool {
        guard !retrying else { return false }
        retrying = true
        giveUpEarly = false
        return true
    }

    /// The person asked to reconnect after the session closed (retries exhausted, or the server ended it).
    ///
    /// - Returns: false when there is nothing to reconnect: connected, already retrying, or quitting.
    public mutating func reconnectRequested() -> Bool {
        guard case .closed = state, !retrying, !userClosed else { return false }
        attempts = 0
        giveUpEarly = false
        fatalError = nil
        manualAttempt = true
        return true
    }

    /// The next step of a retry loop.
    public enum Retry: Sendable, Equatable {
        /// Wait this long, then make attempt number `attempt` (from 1).
        case attempt(Int, after: Duration)
        /// No attempts left: the state is closed with this reason.
        case giveUp(reason: String)
        /// The person closed the session meanwhile.
        case stop
    }

    /// What the retry loop does next, given the last attempt's error.
    public mutating func nextRetry(lastError: String) -> Retry {
        if userClosed {
            retrying = false
            return .stop
        }
        if manualAttempt {
            // A reconnect the person asked for makes one attempt at once, whatever the policy.
            manualAttempt = false
            attempts += 1
            state = .reconnecting(attempt: attempts)
            return .attempt(attempts, after: .zero)
        }
        if !giveUpEarly, attempts < policy.delays.count {
            let delay = policy.delays[attempts]
            attempts += 1
            state = .reconnecting(attempt: attempts)
            return .attempt(attempts, after: delay)
        }
        retrying = false
        let reason = "could not reconnect after \(attempts) attempts: \(lastError)"
        state = .closed(reason: reason)
        return .giveUp(reason: reason)
    }

    /// An attempt opened a socket: the conversation is replayed once the server creates the session.
    public mutating func retrySucceeded() {
        retrying = false
        replayOnReady = true
    }

    /// An attempt failed; a fatal failure (a refused key, say) ends the retries.
    public mutating func retryFailed(fatal: Bool) {
        if fatal { giveUpEarly = true }
    }

    /// The person closed the session.
    public mutating func closedByUser() {
        userClosed = true
    }

    /// What to do when the rollover time has come.
    public enum Rollover: Sendable, Equatable {
        /// Nothing: the connection it was planned for is gone, or the person closed the session.
        case stop
        /// Not now: something is in flight; ask again shortly.
        case wait
        /// Close the current connection and open a new one; tell the person this first.
        case rollOver(Notice)
    }

    /// The rollover planned for connection `generation` is due; `quiet` says whether nothing is in flight.
    public mutating func rolloverDue(generation: Int, quiet: Bool) -> Rollover {
        guard generation == self.generation, !userClosed else { return .stop }
        guard quiet else { return .wait }
        self.generation += 1
        attempts = 0
        let minutes = (policy.sessionLimit?.components.seconds ?? 0) / 60
        return .rollOver(Notice(.info, "starting a new session ahead of the server's \(minutes)-minute limit; the conversation carries over"))
    }

    /// The rollover opened its new socket: the conversation is replayed once the server creates the session.
    public mutating func rolloverOpened() {
        replayOnReady = true
    }
}
