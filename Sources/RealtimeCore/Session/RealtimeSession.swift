import Foundation
import Logging

/// One voice call on either protocol — Realtime or GPT-Live — : the connection, the conversation,
/// configuration changes, barge-in and metrics.
///
/// The two protocols share everything but their events: the conversation, transcripts, metrics, event
/// journal, autosave, export, recording, reconnecting and the update stream are the same; the Realtime
/// driver is in `+Receiving`/`+Sending`, the GPT-Live driver in `+Live`/`+LiveControl`.
///
/// Front ends call its methods (send audio, type a message, push-to-talk, interrupt, change settings)
/// and read `updates`, a single ordered stream of everything that happens.
///
/// The actor is thin: what to do is decided by value types that take events and return actions —
/// ``ConnectionLifecycle``, ``ConfigurationLedger``, ``ConversationTracker``, ``TurnLedger`` and
/// ``EventJournal`` — and the actor performs those actions on the socket, the player and the disk. Its
/// extensions, one file each, hold sending, receiving, barge-in, reconnecting, tools and speech, and the record.
public actor RealtimeSession {
    /// Everything that happens, in order. One consumer.
    public nonisolated let updates: AsyncStream<SessionUpdate>
    let updateSink: AsyncStream<SessionUpdate>.Continuation

    /// Called with the exact wire text of every event in both directions (for an events file).
    public typealias WireTap = @Sendable (EventRecord.Direction, String) -> Void

    /// What the session was started with.
    public let options: SessionOptions
    /// The protocol dialect of the endpoint.
    public nonisolated var dialect: Dialect { options.endpoint.dialect }
    /// The protocol of the call.
    public nonisolated var api: VoiceAPI { options.endpoint.api }
    let logger: Logger
    let wireTap: WireTap?

    var connection: WebSocketConnection?
    var readyWaiter: CheckedContinuation<Void, any Error>?
    var rolloverTask: Task<Void, Never>?
    var historyPending: [ConversationEntry]
    var syncWaiters: [String: CheckedContinuation<Void, Never>] = [:]
    var toolCallsInFlight: Set<String> = []
    var toolOutputs: [ConversationItem] = []
    var speechInFlight = 0
    var forceAudioNextResponse = false
    /// The `event_id`s of `response.create`s the server has not answered with `response.created` (or an
    /// error) yet.
    var responsesRequested: Set<String> = []
    /// Typed messages (with the ids the client gave them) that no response has started to answer yet: a
    /// connection lost meanwhile must not lose them, so after the reconnect they are sent again (those the
    /// old session never confirmed) and a reply is asked for.
    var messagesAwaitingReply: [ConversationItem] = []
    let startedAt = Date()
    var configChanges: [SessionRecord.ConfigChange] = []
    let autosaver: AutosaveWriter?
    var userSpeaking = false
    var pushToTalkHeld = false
    /// True when the server's VAD committed a turn while push-to-talk was held: it answers that turn itself.
    var serverCommittedDuringPushToTalk = false
    /// When the front end finished the session.
    var endedAt: Date?

    // GPT-Live state (see `RealtimeSession+Live.swift`).
    /// Who is speaking, read from the transcripts.
    var liveTurns = LiveTurnTaking()
    /// True when the user muted the input (re-sent to every new session).
    var liveMuted = false
    /// The `event_id` of the `session.start` awaiting its answer.
    var liveStartEventID: String?
    /// Waits for `session.closed` after `session.close`.
    var liveCloseWaiter: CheckedContinuation<Void, Never>?
    /// The call's delegations, in order, with the user's words that led to each.
    var liveDelegations: [LiveDelegationNotice] = []
    /// The latest GPT-Live usage (cumulative seconds of the current session).
    public internal(set) var liveUsage: LiveUsage?
    /// Responses delegation: backend function calls still running, and outputs waiting for the backend's
    /// response to complete (all of a response's calls are answered together).
    var liveBackendCallsInFlight: Set<String> = []
    var liveBackendOutputs: [(callID: String, output: String)] = []
    /// Responses delegation: true between the backend's `response.created` and its end.
    var liveBackendResponding = false
    /// Responses delegation: the backend's token usage so far.
    public internal(set) var liveBackendUsage = Usage()
    /// Billable seconds of the sessions that ended before the current one (after a reconnect or rollover).
    var liveEarlierSeconds = 0
    /// The delegation as the server last confirmed it (or as asked for, before that); a new session after a
    /// reconnect starts with it.
    var liveDelegation: LiveDelegation
    /// Numbers the playback key of the output track between replies; a new one after each flush.
    var liveTrackSegment = 0
    /// When the current GPT-Live session expires, as the server said.
    public internal(set) var liveExpiresAt: Date?

    /// Where the connection stands, and how it recovers.
    public internal(set) var lifecycle: ConnectionLifecycle
    /// The configuration: asked for, confirmed, pending and locked.
    public internal(set) var configuration: ConfigurationLedger
    /// The conversation, its transcripts and what was heard.
    public internal(set) var tracker: ConversationTracker
    /// Timings, usage and cost of every response.
    public internal(set) var turns: TurnLedger
    var journal: EventJournal
    /// The server's session id, once it created one.
    public internal(set) var sessionID: String?
    /// Milliseconds of input audio appended since the buffer was last committed or cleared.
    public internal(set) var bufferedInputMilliseconds = 0

    /// Creates a session; nothing happens until `connect()`.
    public init(options: SessionOptions, wireTap: WireTap? = nil) {
        self.options = options
        self.logger = options.logger
        self.wireTap = wireTap
        var config = options.config
        if let tools = options.tools {
            config.tools = config.tools.filter { tool in !tools.definitions.contains { $0.name == tool.name } } + tools.definitions
        }
        if options.historyMode == .instructions, !options.history.isEmpty {
            config.instructions = HistoryText.foldedIntoInstructions(config.instructions, history: options.history)
        }
        configuration = ConfigurationLedger(config: config, dialect: options.endpoint.dialect)
        lifecycle = ConnectionLifecycle(policy: options.reconnect)
        tracker = ConversationTracker()
        turns = TurnLedger(prices: options.prices)
        historyPending = options.historyMode == .items ? options.history : []
        liveDelegation = options.live.delegation
        journal = EventJournal(appendEventType: options.endpoint.api == .live ? "session.input_audio.append" : "input_audio_buffer.append")
        let (updates, updateSink) = AsyncStream.makeStream(of: SessionUpdate.self, bufferingPolicy: .unbounded)
        self.updates = updates
        self.updateSink = updateSink
        let afterAutosave = options.afterAutosave
        autosaver = options.autosave.map { url in
            AutosaveWriter(url: url, worker: FileWorker(name: "autosave")) { outcome in
                if case .failed(let error) = outcome {
                    updateSink.yield(.notice(Notice(.warning, "autosave failed: \(error.description)")))
                }
                afterAutosave?()
            }
        }
        let executor = options.executor
        options.playback?.onAudioLost { [weak self] heard in
            Task(executorPreference: executor) { await self?.audioLost(heard) }
        }
    }

    // MARK: What front ends read

    /// Where the connection stands.
    public var state: ConnectionState { lifecycle.state }
    /// The configuration the server has confirmed.
    public var confirmedConfig: SessionConfig { configuration.confirmed }
    /// The configuration asked for (confirmed plus changes in flight).
    public var desiredConfig: SessionConfig { configuration.desired }
    /// The conversation so far.
    public var conversation: Conversation { tracker.conversation }
    /// All responses' timings in order.
    public var completedTurns: [TurnMetrics] { turns.completedTurns }
    /// How many times the server's VAD saw the user stop speaking.
    public var speechStopCount: Int { turns.speechStopCount }
    /// The last fatal error the server sent (invalid key, quota, expiry), if any.
    public var fatalError: ErrorDetail? { lifecycle.fatalError }

    // MARK: Connecting

    /// Connects, waits for `session.created`, and sends the configuration.
    ///
    /// - Throws: `SessionError` with one line saying what failed and what to do.
    public func connect() async throws(SessionError) {
        do {
            if api == .live {
                try configuration.desired.validateForLive()
            } else {
                try configuration.desired.validate(for: dialect)
            }
        } catch {
            throw SessionError(.invalidConfiguration, error.description)
        }
        lifecycle.connectRequested()
        publishState()
        do {
            try await open()
        } catch {
            lifecycle.connectFailed(reason: error.message)
            publishState()
            throw error
        }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if sessionID != nil {
                    continuation.resume()
                } else if case .closed(let reason) = lifecycle.state {
                    continuation.resume(throwing: SessionError(.transport, reason))
                } else {
                    readyWaiter = continuation
                    let timeout = options.transport.connectTimeout
                    Task(executorPreference: options.executor) { [weak self] in
                        try? await Task.sleep(for: timeout)
                        let awaited = self?.api == .live ? "session.started" : "session.created"
                        await self?.failReady(SessionError(.transport, "the server sent no \(awaited) within \(timeout.components.seconds) s"))
                    }
                }
            }
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionError(.transport, "\(error)")
        }
    }

    /// Opens a new connection and starts reading it. Events of older connections are ignored from now on.
    func open() async throws(SessionError) {
        let connection: WebSocketConnection
        do {
            connection = try await WebSocketConnection.connect(
                to: options.endpoint, configuration: options.transport,
                executor: options.executor, logger: logger)
        } catch {
            throw SessionError(error.isFatal ? .fatal : .transport, error.message)
        }
        let generation = lifecycle.opened()
        self.connection = connection
        sessionID = nil
        if api == .live { startLiveSession() }
        Task(executorPreference: options.executor) { [weak self] in
            for await event in connection.events {
                guard let self else { return }
                await self.receive(event, generation: generation)
            }
        }
    }

    /// Closes the connection normally; no reconnecting after this.
    public func disconnect() {
        lifecycle.closedByUser()
        rolloverTask?.cancel()
        connection?.close(code: 1000, reason: "client closed")
    }

    /// Ends the call: the connection closes, the record is marked as ended, and the update stream finishes
    /// (call when the front end is done with the session). A GPT-Live session is closed gracefully first:
    /// `session.close`, then up to five seconds for `session.closed` and the final usage.
    public func finish() async {
        if endedAt == nil { endedAt = Date() }
        publishAppendRun()
        if api == .realtime, connection != nil, hasReplyToCut {
            // Quitting mid-reply is a cut like any other: the record keeps what was heard, marked interrupted.
            await bargeIn(serverCancels: false)
        }
        if api == .live { await closeLiveSession(within: .seconds(5)) }
        disconnect()
        updateSink.finish()
    }

    func failReady(_ error: SessionError) {
        guard let waiter = readyWaiter else { return }
        readyWaiter = nil
        waiter.resume(throwing: error)
    }

    func publishState() {
        updateSink.yield(.connection(lifecycle.state))
    }

    /// Publishes the entry changes the tracker queued.
    func publishConversation() {
        for update in tracker.takeUpdates() { updateSink.yield(update) }
    }

    // MARK: Who is speaking

    /// True while nobody speaks: the server's VAD hears no speech, push-to-talk is up, no reply is under way
    /// and all assistant audio has been heard.
    var isQuiet: Bool {
        tracker.activeResponseID == nil && !userSpeaking && !pushToTalkHeld && !isAssistantAudible
    }

    /// How promptly microphone audio must reach the server now (see ``InputPacing``). GPT-Live's timeline
    /// moves with the input, so its audio goes out at least every 100 ms, and every frame while the user speaks.
    public var inputPacing: InputPacing {
        if api == .live { return liveTurns.userSpeaking ? .realTime : .listening }
        if userSpeaking || pushToTalkHeld { return .realTime }
        return isQuiet ? .idle : .listening
    }

    /// True while assistant audio that was received has not all been heard.
    public var isAssistantAudible: Bool {
        guard let item = tracker.lastAudioItem, let progress = options.playback?.progress(of: item) else { return false }
        return !progress.isFinished
    }

    /// True while there is a reply to cut: one under way, or one whose audio is still playing.
    var hasReplyToCut: Bool { tracker.activeResponseID != nil || isAssistantAudible }
}
