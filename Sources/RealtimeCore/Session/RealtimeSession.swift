import Foundation
import Logging

/// One live Realtime session: the connection, the conversation, configuration changes, barge-in and metrics.
///
/// Front ends call its methods (send audio, type a message, push-to-talk, interrupt, change settings)
/// and read `updates`, a single ordered stream of everything that happens.
public actor RealtimeSession {
    /// Everything that happens, in order. One consumer.
    public nonisolated let updates: AsyncStream<SessionUpdate>
    private let updateSink: AsyncStream<SessionUpdate>.Continuation

    /// Called with the exact wire text of every event in both directions (for an events file).
    public typealias WireTap = @Sendable (EventRecord.Direction, String) -> Void

    public let options: SessionOptions
    public nonisolated var dialect: Dialect { options.endpoint.dialect }
    private let logger: Logger
    private var wireTap: WireTap?

    private var connection: WebSocketConnection?
    private var connectionGeneration = 0
    private var readyWaiter: CheckedContinuation<Void, any Error>?
    private var userClosed = false
    private var reconnecting = false
    private var reconnectAttempts = 0
    private var replayOnCreated = false
    private var historyPending: [ConversationEntry]
    private var rolloverTask: Task<Void, Never>?
    private var toolCallsInFlight: Set<String> = []
    private var toolOutputs: [ConversationItem] = []
    private var spokenItems: Set<String> = []
    private var speechInFlight = 0
    private var syncWaiters: [String: CheckedContinuation<Void, Never>] = [:]
    private var forceAudioNextResponse = false
    private let startedAt = Date()
    private var configChanges: [SessionRecord.ConfigChange] = []
    public private(set) var state: ConnectionState = .disconnected
    public private(set) var sessionID: String?

    /// The configuration the server has confirmed.
    public private(set) var confirmedConfig: SessionConfig
    /// The configuration asked for (confirmed plus changes in flight).
    public private(set) var desiredConfig: SessionConfig
    private var pendingUpdates: [String] = []
    /// True once the assistant has produced audio: the voice can no longer change.
    public private(set) var voiceLocked = false

    public private(set) var conversation = Conversation()
    public private(set) var activeResponseID: String?
    private var responseItems: [String: [String]] = [:]
    private var cutItems: Set<String> = []
    private var receivedSamples: [PlaybackItem: Int] = [:]
    private var lastAudioItem: PlaybackItem?
    private var transcriptionPending: Set<String> = []
    /// Milliseconds of input audio appended since the buffer was last committed or cleared.
    public private(set) var bufferedInputMilliseconds = 0
    private var userSpeaking = false
    private var pushToTalkHeld = false
    /// How many times the server's VAD saw the user stop speaking.
    public private(set) var speechStopCount = 0
    private var lastSpeechEndedAt: Date?
    private var metrics: [String: TurnMetrics] = [:]
    /// All responses' timings in order.
    public private(set) var completedTurns: [TurnMetrics] = []
    public private(set) var totalUsage = Usage()
    public private(set) var totalCost: Double?
    public private(set) var rateLimits: [RateLimit] = []
    private var eventCounter = 0
    private var clientEventCounter = 0
    /// Microphone appends sent but not yet reported as an event record.
    private var unreportedAppends = AppendRun()
    /// The last fatal error the server sent (invalid key, quota, expiry), if any.
    public private(set) var fatalError: ErrorDetail?

    /// Error codes after which the session cannot go on.
    public static let fatalErrorCodes: Set<String> = [
        "invalid_api_key", "insufficient_quota", "account_deactivated", "billing_hard_limit_reached", "credit_balance_exhausted",
        "session_expired", "beta_api_shape_disabled", "model_not_found",
    ]

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
        self.confirmedConfig = config
        self.desiredConfig = config
        self.historyPending = options.historyMode == .items ? options.history : []
        (updates, updateSink) = AsyncStream.makeStream(of: SessionUpdate.self, bufferingPolicy: .unbounded)
    }

    // MARK: Connecting

    /// Connects, waits for `session.created`, and sends the configuration.
    ///
    /// - Throws: `SessionError` with one line saying what failed and what to do.
    public func connect() async throws(SessionError) {
        do {
            try desiredConfig.validate(for: dialect)
        } catch {
            throw SessionError(.invalidConfiguration, error.description)
        }
        setState(.connecting)
        do {
            try await open()
        } catch {
            setState(.closed(reason: error.message))
            throw error
        }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if sessionID != nil {
                    continuation.resume()
                } else if case .closed(let reason) = state {
                    continuation.resume(throwing: SessionError(.transport, reason))
                } else {
                    readyWaiter = continuation
                    let timeout = options.transport.connectTimeout
                    Task(executorPreference: options.executor) { [weak self] in
                        try? await Task.sleep(for: timeout)
                        await self?.failReady(SessionError(.transport, "the server sent no session.created within \(timeout.components.seconds) s"))
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
    private func open() async throws(SessionError) {
        let connection: WebSocketConnection
        do {
            connection = try await WebSocketConnection.connect(to: options.endpoint, configuration: options.transport,
                                                              executor: options.executor, logger: logger)
        } catch {
            throw SessionError(error.isFatal ? .fatal : .transport, error.message)
        }
        connectionGeneration += 1
        let generation = connectionGeneration
        self.connection = connection
        sessionID = nil
        Task(executorPreference: options.executor) { [weak self] in
            for await event in connection.events {
                guard let self else { return }
                await self.receive(event, generation: generation)
            }
        }
    }

    /// Closes the connection normally; no reconnecting after this.
    public func disconnect() {
        userClosed = true
        rolloverTask?.cancel()
        connection?.close(code: 1000, reason: "client closed")
    }

    /// Ends the update stream (call when the front end is done with the session).
    public func finish() {
        reportAppends()
        disconnect()
        updateSink.finish()
    }

    /// True while the session is retrying a lost connection.
    public var isReconnecting: Bool { reconnecting }

    private func failReady(_ error: SessionError) {
        guard let waiter = readyWaiter else { return }
        readyWaiter = nil
        waiter.resume(throwing: error)
    }

    private func setState(_ newState: ConnectionState) {
        state = newState
        updateSink.yield(.connection(newState))
    }

    // MARK: Sending

    /// Sends a client event and records it. Returns the event id used.
    @discardableResult
    public func send(_ event: ClientEvent) -> String {
        clientEventCounter += 1
        let eventID = "rtc_\(clientEventCounter)"
        let json = event.json(dialect, eventID: eventID)
        let text = JSONWriter.compact(json)
        connection?.send(text)
        wireTap?(.client, text)
        record(.client, type: event.typeName, json: json)
        return eventID
    }

    /// Streams one frame of 24 kHz mono PCM16 microphone audio.
    public func sendAudio(_ samples: [Int16]) {
        guard connection != nil, !samples.isEmpty else { return }
        let base64 = PCM.bytes(samples).base64EncodedString()
        clientEventCounter += 1
        let eventID = "rtc_\(clientEventCounter)"
        let text = ClientEvent.appendText(base64Audio: base64, eventID: eventID)
        connection?.send(text)
        wireTap?(.client, text)
        bufferedInputMilliseconds += PCM.milliseconds(forSamples: samples.count)
        options.recorder?.microphone(samples)
        unreportedAppends.add(eventID: eventID, audioBytes: samples.count * 2)
        if unreportedAppends.isDue { reportAppends() }
    }

    /// Sends a typed user message and asks for a reply, interrupting a reply in progress.
    public func sendText(_ text: String) throws(SessionError) {
        try requireConnected()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SessionError(.refused, "the message is empty: type some text, then Enter") }
        if activeResponseID != nil { bargeIn(serverCancels: false) }
        send(.itemCreate(item: .userText(trimmed), previousItemID: nil))
        sendResponseCreate(nil)
    }

    /// Push-to-talk pressed: cut off the assistant if it is speaking, and start a fresh input buffer.
    public func beginPushToTalk() throws(SessionError) {
        try requireConnected()
        if isAssistantAudible || activeResponseID != nil { bargeIn(serverCancels: false) }
        send(.inputAudioBufferClear)
        bufferedInputMilliseconds = 0
        pushToTalkHeld = true
    }

    /// Push-to-talk released: commit what was said and ask for a reply.
    ///
    /// - Throws: `.refused` when less than 100 ms was recorded (the server would answer `input_audio_buffer_commit_empty`).
    public func endPushToTalk() throws(SessionError) {
        pushToTalkHeld = false
        try requireConnected()
        guard bufferedInputMilliseconds >= 100 else {
            let got = bufferedInputMilliseconds
            send(.inputAudioBufferClear)
            bufferedInputMilliseconds = 0
            throw SessionError(.refused, "push-to-talk too short: \(got) ms recorded, the server needs at least 100 ms; hold the key while speaking")
        }
        send(.inputAudioBufferCommit)
        bufferedInputMilliseconds = 0
        sendResponseCreate(nil)
    }

    /// Interrupts the assistant now (the user's key): stop playback, truncate at what was heard, cancel the response.
    public func interrupt() {
        bargeIn(serverCancels: false)
    }

    /// Asks for a reply without new input (e.g. after loading history).
    public func requestResponse(_ parameters: ResponseParameters? = nil) throws(SessionError) {
        try requireConnected()
        sendResponseCreate(parameters)
    }

    /// Sends `response.create`, asking explicitly for audio after the model answered in text when audio was wanted.
    private func sendResponseCreate(_ parameters: ResponseParameters?) {
        var parameters = parameters
        if forceAudioNextResponse, desiredConfig.outputModality == .audio {
            forceAudioNextResponse = false
            var forced = parameters ?? ResponseParameters()
            forced.outputModalities = OutputModality.audio.wireList(dialect)
            parameters = forced
        }
        send(.responseCreate(parameters))
    }

    /// Changes the live configuration: sends one `session.update` with what changed.
    ///
    /// - Returns: what was sent and what was skipped (with reasons).
    /// - Throws: `.invalidConfiguration` when a value is out of range (nothing is sent).
    @discardableResult
    public func updateConfig(_ newConfig: SessionConfig) throws(SessionError) -> SessionConfig.Update {
        do {
            try newConfig.validate(for: dialect)
        } catch {
            throw SessionError(.invalidConfiguration, error.description)
        }
        let update = newConfig.update(from: desiredConfig, dialect: dialect, voiceLocked: voiceLocked)
        var applied = newConfig
        for skipped in update.skipped {
            switch skipped.field {
            case "voice": applied.voice = desiredConfig.voice
            case "model": applied.model = desiredConfig.model
            default: break
            }
        }
        desiredConfig = applied
        if !update.skipped.isEmpty { updateSink.yield(.configurationSkipped(update.skipped)) }
        if let session = update.session, connection != nil {
            pendingUpdates.append(send(.sessionUpdate(session)))
        }
        return update
    }

    /// Returns once the server has processed everything sent so far.
    ///
    /// It sends a `session.update` that changes nothing; the server handles events in order, so its
    /// `session.updated` (or an error) proves every earlier audio frame was seen. Headless `--fast` uses it
    /// to know whether a turn ended before sending the next sentence.
    public func syncWithServer() async {
        guard connection != nil else { return }
        var empty = SessionObject()
        if dialect == .ga { empty.type = "realtime" }
        let eventID = send(.sessionUpdate(empty))
        pendingUpdates.append(eventID)
        await withCheckedContinuation { syncWaiters[eventID] = $0 }
    }

    private func resumeSync(_ eventID: String) {
        syncWaiters.removeValue(forKey: eventID)?.resume()
    }

    /// Loads earlier conversation items (history, or a replay after reconnecting), in order.
    public func loadHistory(_ items: [ConversationItem]) throws(SessionError) {
        try requireConnected()
        for item in items { send(.itemCreate(item: item, previousItemID: nil)) }
    }

    private func requireConnected() throws(SessionError) {
        guard connection != nil, state.isConnected else {
            throw SessionError(.notConnected, "not connected to the server (\(state)); wait for the connection or restart the call")
        }
    }

    // MARK: Barge-in

    /// True while nobody speaks: the server's VAD hears no speech, push-to-talk is up, no reply is under way
    /// and all assistant audio has been heard.
    private var isQuiet: Bool {
        activeResponseID == nil && !userSpeaking && !pushToTalkHeld && !isAssistantAudible
    }

    /// How promptly microphone audio must reach the server now (see ``InputPacing``).
    public var inputPacing: InputPacing {
        if userSpeaking || pushToTalkHeld { return .realTime }
        return isQuiet ? .idle : .listening
    }

    /// True while assistant audio that was received has not all been heard.
    public var isAssistantAudible: Bool {
        guard let item = lastAudioItem, let progress = options.playback?.progress(of: item) else { return false }
        return !progress.isFinished
    }

    private func bargeIn(serverCancels: Bool) {
        let responseID = activeResponseID
        guard responseID != nil || isAssistantAudible else { return }
        let cuts = options.playback?.interrupt() ?? []
        options.recorder?.interrupted()
        if let responseID, !serverCancels { send(.responseCancel(responseID: responseID)) }
        var reported: (String?, Int?) = (nil, nil)
        for cut in cuts where !cutItems.contains(cut.item.itemID) {
            let receivedMs = PCM.milliseconds(forSamples: receivedSamples[cut.item] ?? 0)
            let heardMs = max(0, min(cut.heardMilliseconds, receivedMs))
            markInterrupted(cut.item.itemID, heardMs: heardMs, receivedMs: receivedMs)
            if spokenItems.contains(cut.item.itemID) {
                rewriteSpokenItem(cut.item.itemID)
            } else if heardMs > 0 {
                send(.itemTruncate(itemID: cut.item.itemID, contentIndex: cut.item.contentIndex, audioEndMs: heardMs))
            } else {
                send(.itemDelete(itemID: cut.item.itemID))
            }
            reported = (cut.item.itemID, heardMs)
        }
        if let responseID {
            for itemID in responseItems[responseID] ?? [] where !cutItems.contains(itemID) {
                let silentAudioReply = desiredConfig.outputModality == .audio && conversation[itemID]?.kind == .message
                markInterrupted(itemID, heardMs: 0, receivedMs: 0)
                if silentAudioReply, options.playback != nil { send(.itemDelete(itemID: itemID)) }
                if reported.0 == nil { reported = (itemID, 0) }
            }
        }
        updateSink.yield(.bargeIn(itemID: reported.0, heardMilliseconds: reported.1))
    }

    /// A text reply spoken by the separate TTS cannot be truncated: it is replaced by the words that were heard.
    private func rewriteSpokenItem(_ itemID: String) {
        send(.itemDelete(itemID: itemID))
        guard let index = conversation.index(of: itemID), let heard = conversation.entries[index].heardText, !heard.isEmpty else { return }
        let previous = index > 0 ? conversation.entries[index - 1].id : "root"
        send(.itemCreate(item: .assistantText(heard, id: itemID), previousItemID: previous))
    }

    private func markInterrupted(_ itemID: String, heardMs: Int, receivedMs: Int) {
        cutItems.insert(itemID)
        if let entry = conversation.modify(itemID, { entry in
            guard entry.speaker == .assistant, entry.kind == .message else { return }
            entry.interrupted = true
            entry.isPartial = false
            if receivedMs == 0, self.desiredConfig.outputModality == .text, !self.spokenItems.contains(itemID) {
                entry.heardText = entry.text
                return
            }
            entry.heardMilliseconds = heardMs
            entry.heardText = Conversation.heardPrefix(of: entry.text, heardMs: heardMs, totalMs: receivedMs)
        }) {
            updateSink.yield(.entry(entry))
        }
    }

    // MARK: Receiving

    private func receive(_ event: TransportEvent, generation: Int) {
        guard generation == connectionGeneration else { return }
        switch event {
        case .text(let text):
            handle(text)
        case .closed(let close):
            connectionLost(close)
        }
    }

    private func connectionLost(_ close: TransportClose) {
        connection = nil
        autosave()
        rolloverTask?.cancel()
        let expired = fatalError?.code == "session_expired"
        let reason: String
        if let fatalError {
            reason = "\(fatalError.message) (\(fatalError.code ?? fatalError.type))"
        } else if close.isNormal {
            reason = "connection closed by the server"
        } else {
            reason = "connection lost: \(close)"
        }
        closeInFlight()
        let canRetry = !options.reconnect.delays.isEmpty && readyWaiter == nil && (fatalError == nil || expired)
        if userClosed || !canRetry {
            setState(.closed(reason: userClosed ? "connection closed" : reason))
            failReady(SessionError(fatalError != nil ? .fatal : .transport, reason))
            return
        }
        fatalError = nil
        if expired {
            updateSink.yield(.notice(Notice(.warning, "the server ended the session at its time limit; starting a new one with the conversation so far")))
        } else {
            updateSink.yield(.notice(Notice(.warning, "\(reason); reconnecting")))
        }
        Task(executorPreference: options.executor) { await self.reconnect() }
    }

    /// Ends what was in flight when a connection went away: the reply so far counts as said, nothing is pending.
    private func closeInFlight() {
        if let responseID = activeResponseID {
            for itemID in responseItems[responseID] ?? [] {
                modifyEntry(itemID) { entry in
                    guard entry.isPartial else { return }
                    entry.isPartial = false
                    if entry.speaker == .assistant, entry.kind == .message {
                        entry.interrupted = true
                        entry.heardText = entry.text
                        entry.heardMilliseconds = entry.audioMilliseconds
                    }
                }
            }
            activeResponseID = nil
            updateSink.yield(.assistantResponding(false))
        }
        for id in transcriptionPending { modifyEntry(id) { $0.isPartial = false } }
        transcriptionPending.removeAll()
        if userSpeaking {
            userSpeaking = false
            updateSink.yield(.userSpeaking(false))
        }
        bufferedInputMilliseconds = 0
        pendingUpdates.removeAll()
        let waiters = syncWaiters.values
        syncWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Retries with the policy's delays; on success the conversation is replayed when `session.created` arrives.
    private func reconnect() async {
        guard !reconnecting else { return }
        reconnecting = true
        defer { reconnecting = false }
        let delays = options.reconnect.delays
        var lastError = "no attempt made"
        while reconnectAttempts < delays.count {
            let attempt = reconnectAttempts
            reconnectAttempts += 1
            setState(.reconnecting(attempt: attempt + 1))
            if delays[attempt] > .zero { try? await Task.sleep(for: delays[attempt]) }
            if userClosed { return }
            do {
                try await open()
                replayOnCreated = true
                return
            } catch {
                lastError = error.message
                if error.kind == .fatal { break }
            }
        }
        let reason = "could not reconnect after \(reconnectAttempts) attempts: \(lastError)"
        setState(.closed(reason: reason))
        updateSink.yield(.notice(Notice(.error, reason)))
    }

    /// Opens a new session before the server's limit, once nothing is in flight, and carries the conversation over.
    private func scheduleRollover() {
        rolloverTask?.cancel()
        guard let after = options.reconnect.rolloverAfter else { return }
        let generation = connectionGeneration
        rolloverTask = Task(executorPreference: options.executor) { [weak self] in
            try? await Task.sleep(for: after)
            while !Task.isCancelled {
                guard let self else { return }
                if await self.rollOverIfIdle(generation: generation) { return }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func rollOverIfIdle(generation: Int) async -> Bool {
        guard generation == connectionGeneration, !userClosed else { return true }
        guard isQuiet else { return false }
        let old = connection
        connection = nil
        connectionGeneration += 1
        old?.close(code: 1000, reason: "session rollover")
        let minutes = (options.reconnect.sessionLimit?.components.seconds ?? 0) / 60
        updateSink.yield(.notice(Notice(.info, "starting a new session ahead of the server's \(minutes)-minute limit; the conversation carries over")))
        reconnectAttempts = 0
        do {
            try await open()
            replayOnCreated = true
        } catch {
            updateSink.yield(.notice(Notice(.warning, "the new session did not open (\(error.message)); retrying")))
            await reconnect()
        }
        return true
    }

    /// Sends the conversation so far (or the loaded history) as items with their own ids, so the server's
    /// echoes match the entries already on screen and nothing is duplicated.
    private func replay(_ entries: [ConversationEntry]) -> Int {
        var count = 0
        for entry in entries {
            guard let item = HistoryText.item(for: entry) else { continue }
            send(.itemCreate(item: item, previousItemID: nil))
            count += 1
        }
        return count
    }

    private func handle(_ text: String) {
        wireTap?(.server, text)
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            record(.server, type: "(malformed)", json: .string(String(text.prefix(200))))
            updateSink.yield(.notice(Notice(.warning, "the server sent a frame that is not JSON (\(error.message)); ignored")))
            return
        }
        let type = json["type"]?.stringValue ?? "(no type)"
        let event: ServerEvent
        do {
            event = try ServerEvent.decode(json: json, dialect: dialect)
        } catch {
            record(.server, type: type, json: json)
            updateSink.yield(.notice(Notice(.warning, "could not read a server event: \(error.description); ignored")))
            return
        }
        if case .outputAudioDelta = event {
            let (summary, bytes) = EventRecord.elideAudio(json)
            recordElided(.server, type: type, summary: summary, audioBytes: bytes)
        } else {
            record(.server, type: type, json: json)
        }
        apply(event)
    }

    /// Reports the microphone appends sent since the last report as one record.
    private func reportAppends() {
        guard let run = unreportedAppends.take() else { return }
        eventCounter += 1
        updateSink.yield(.event(EventRecord(
            id: eventCounter, time: Date(), direction: .client, type: "input_audio_buffer.append",
            summary: ["type": "input_audio_buffer.append", "event_id": .string(run.lastEventID), "audio": .string("<\(run.audioBytes) bytes of audio>")],
            audioBytes: run.audioBytes, count: run.count)))
    }

    private func record(_ direction: EventRecord.Direction, type: String, json: JSONValue) {
        let (summary, bytes) = EventRecord.elideAudio(json)
        recordElided(direction, type: type, summary: summary, audioBytes: bytes)
    }

    private func recordElided(_ direction: EventRecord.Direction, type: String, summary: JSONValue, audioBytes: Int) {
        reportAppends()
        eventCounter += 1
        updateSink.yield(.event(EventRecord(id: eventCounter, time: Date(), direction: direction, type: type, summary: summary, audioBytes: audioBytes)))
    }

    private func apply(_ event: ServerEvent) {
        switch event {
        case .sessionCreated(let payload):
            sessionID = payload.session.id
            let asked = desiredConfig
            confirmedConfig = SessionConfig()
            confirmedConfig.apply(payload.session)
            desiredConfig = asked
            setState(.connected(sessionID: sessionID))
            // The model is fixed by the URL; naming it again can only be refused (as a whole update).
            var initial = desiredConfig.sessionObject(for: dialect)
            initial.model = nil
            pendingUpdates.append(send(.sessionUpdate(initial)))
            if replayOnCreated {
                replayOnCreated = false
                reconnectAttempts = 0
                let count = replay(conversation.entries)
                updateSink.yield(.notice(Notice(.info, "connected to a new session (\(sessionID ?? "?")); \(count) items of the conversation carried over")))
            } else if !historyPending.isEmpty {
                let history = historyPending
                historyPending = []
                conversation.appendHistory(history)
                for entry in conversation.entries where entry.fromHistory { updateSink.yield(.entry(entry)) }
                let count = replay(conversation.entries)
                updateSink.yield(.notice(Notice(.info, "loaded \(count) items of history")))
            }
            scheduleRollover()
            if let waiter = readyWaiter {
                readyWaiter = nil
                waiter.resume()
            }
        case .sessionUpdated(let payload):
            let before = confirmedConfig
            confirmedConfig.apply(payload.session)
            if let change = Self.describeChange(from: before, to: confirmedConfig), completedTurns.count + conversation.entries.count > 0 {
                configChanges.append(SessionRecord.ConfigChange(time: Date(), description: change))
            }
            if !pendingUpdates.isEmpty { resumeSync(pendingUpdates.removeFirst()) }
            if pendingUpdates.isEmpty { desiredConfig = confirmedConfig }
            updateSink.yield(.configuration(confirmedConfig))
        case .error(let payload):
            handleError(payload.error)
        case .itemCreated(let payload), .itemAdded(let payload):
            addItem(payload.item, previousItemID: payload.previousItemID, responseID: nil)
        case .itemDone(let payload):
            finishItem(payload.item)
        case .itemRetrieved, .itemTruncated, .conversationCreated, .transcriptionSessionUpdated, .contentPartAdded, .contentPartDone,
            .outputAudioBufferStarted, .outputAudioBufferStopped, .outputAudioBufferCleared, .dtmfReceived, .transcriptionSegment, .mcp, .unknown,
            .outputAudioDone:
            break
        case .itemDeleted(let payload):
            if conversation[payload.itemID]?.interrupted != true {
                conversation.remove(payload.itemID)
                updateSink.yield(.entryRemoved(id: payload.itemID))
            }
        case .transcriptionDelta(let payload):
            if let delta = payload.delta { modifyEntry(payload.itemID) { $0.text += delta } }
        case .transcriptionCompleted(let payload):
            transcriptionPending.remove(payload.itemID)
            modifyEntry(payload.itemID) {
                $0.text = payload.transcript.trimmingCharacters(in: .whitespacesAndNewlines)
                $0.isPartial = false
            }
        case .transcriptionFailed(let payload):
            transcriptionPending.remove(payload.itemID)
            modifyEntry(payload.itemID) {
                $0.transcriptionFailed = true
                $0.isPartial = false
            }
            updateSink.yield(.notice(Notice(.warning, "transcription of your speech failed: \(payload.error.message)")))
        case .speechStarted:
            userSpeaking = true
            updateSink.yield(.userSpeaking(true))
            let serverCancels = confirmedConfig.turnDetection?.interruptsResponse ?? false
            bargeIn(serverCancels: serverCancels)
        case .speechStopped:
            userSpeaking = false
            speechStopCount += 1
            lastSpeechEndedAt = Date()
            updateSink.yield(.userSpeaking(false))
        case .bufferCommitted, .bufferCleared:
            bufferedInputMilliseconds = 0
        case .timeoutTriggered:
            updateSink.yield(.notice(Notice(.info, "the server's idle timeout fired: it is prompting the model to speak")))
        case .responseCreated(let payload):
            let id = payload.response.id
            activeResponseID = id
            var m = TurnMetrics(responseID: id)
            m.responseCreatedAt = Date()
            m.speechEndedAt = lastSpeechEndedAt
            lastSpeechEndedAt = nil
            metrics[id] = m
            updateSink.yield(.assistantResponding(true))
        case .outputItemAdded(let payload):
            responseItems[payload.responseID, default: []].append(payload.item.id ?? "")
            addItem(payload.item, previousItemID: nil, responseID: payload.responseID)
        case .outputItemDone(let payload):
            finishItem(payload.item)
        case .outputAudioDelta(let payload):
            receiveAudio(payload)
        case .outputAudioTranscriptDelta(let payload), .outputTextDelta(let payload):
            if case .outputTextDelta = event, metrics[payload.location.responseID]?.firstTextDeltaAt == nil {
                metrics[payload.location.responseID]?.firstTextDeltaAt = Date()
            }
            guard !cutItems.contains(payload.location.itemID) else { return }
            modifyEntry(payload.location.itemID) { $0.text += payload.delta }
        case .outputAudioTranscriptDone(let payload), .outputTextDone(let payload):
            guard !cutItems.contains(payload.location.itemID), let value = payload.value else { return }
            modifyEntry(payload.location.itemID) { $0.text = value }
            if case .outputTextDone = event, options.speech != nil { speak(value, itemID: payload.location.itemID) }
        case .functionCallArgumentsDelta(let payload):
            modifyEntry(payload.itemID) { $0.text += payload.delta }
        case .functionCallArgumentsDone(let payload):
            modifyEntry(payload.itemID) {
                $0.text = payload.arguments
                $0.isPartial = false
                if let name = payload.name { $0.toolName = name }
                $0.callID = payload.callID
            }
            let name = payload.name ?? conversation[payload.itemID]?.toolName ?? ""
            runTool(name: name, callID: payload.callID, arguments: payload.arguments)
        case .responseDone(let payload):
            finishResponse(payload.response)
        case .rateLimitsUpdated(let payload):
            rateLimits = payload.rateLimits
        }
    }

    private func runTool(name: String, callID: String, arguments: String) {
        guard let tools = options.tools, !toolCallsInFlight.contains(callID) else { return }
        toolCallsInFlight.insert(callID)
        Task { [weak self] in
            let output = await tools.run(name: name, arguments: arguments)
            await self?.toolFinished(callID: callID, output: output)
        }
    }

    private func toolFinished(callID: String, output: String) {
        guard toolCallsInFlight.remove(callID) != nil, connection != nil else { return }
        toolOutputs.append(.functionOutput(callID: callID, output: output))
        flushToolOutputs()
    }

    /// Sends the tools' results and asks the model to go on, once the response that called them is done.
    private func flushToolOutputs() {
        guard activeResponseID == nil, toolCallsInFlight.isEmpty, !toolOutputs.isEmpty else { return }
        for item in toolOutputs { send(.itemCreate(item: item, previousItemID: nil)) }
        toolOutputs.removeAll()
        sendResponseCreate(nil)
    }

    /// Speaks a text reply with the separate synthesiser, through the same playback and barge-in path as model audio.
    private func speak(_ text: String, itemID: String) {
        guard let speech = options.speech, let playback = options.playback, !spokenItems.contains(itemID), !text.isEmpty else { return }
        spokenItems.insert(itemID)
        speechInFlight += 1
        Task { [weak self] in
            do {
                for try await chunk in speech.speak(text) {
                    guard let self, await self.enqueueSpoken(chunk, itemID: itemID, playback: playback) else { break }
                }
            } catch {
                await self?.reportSpeechFailure(error)
            }
            await self?.speechFinished()
        }
    }

    private func speechFinished() { speechInFlight -= 1 }

    /// True while the separate synthesiser is still producing a reply's audio.
    public var isSynthesizingSpeech: Bool { speechInFlight > 0 }

    private func enqueueSpoken(_ samples: [Int16], itemID: String, playback: any AudioPlayback) -> Bool {
        guard !cutItems.contains(itemID) else { return false }
        let key = PlaybackItem(itemID: itemID)
        receivedSamples[key, default: 0] += samples.count
        lastAudioItem = key
        modifyEntry(itemID) { $0.audioMilliseconds = PCM.milliseconds(forSamples: self.receivedSamples[key] ?? 0) }
        playback.enqueue(samples, for: key)
        options.recorder?.assistant(samples)
        return true
    }

    private func reportSpeechFailure(_ error: any Error) {
        updateSink.yield(.notice(Notice(.warning, "the separate speech synthesiser failed: \(error)")))
    }

    /// The call so far as a record: configuration, conversation, changes, turns, usage and cost.
    public func record() -> SessionRecord {
        var record = SessionRecord(startedAt: startedAt, endpoint: options.endpoint.displayName, dialect: dialect, config: desiredConfig)
        record.entries = conversation.entries
        record.turns = completedTurns
        record.usage = totalUsage
        record.cost = totalCost
        record.configChanges = configChanges
        if case .closed = state { record.endedAt = Date() }
        return record
    }

    /// Writes the record to the autosave file (atomically); a failure is reported once per turn, never fatal.
    public func autosave() {
        guard let url = options.autosave else { return }
        do {
            try TranscriptExporter.write(record(), as: .json, to: url)
        } catch {
            updateSink.yield(.notice(Notice(.warning, "autosave failed: \(error.description)")))
        }
    }

    static func describeChange(from old: SessionConfig, to new: SessionConfig) -> String? {
        var parts: [String] = []
        if old.voice != new.voice { parts.append("voice \(old.voice) → \(new.voice)") }
        if old.temperature != new.temperature { parts.append("temperature \(old.temperature) → \(new.temperature)") }
        if old.outputModality != new.outputModality { parts.append("output \(old.outputModality.rawValue) → \(new.outputModality.rawValue)") }
        if old.turnDetection != new.turnDetection { parts.append("turn detection → \(TurnDetection.describe(new.turnDetection))") }
        if old.speed != new.speed { parts.append("speed \(old.speed) → \(new.speed)") }
        if old.instructions != new.instructions { parts.append("instructions changed") }
        if old.transcription != new.transcription { parts.append("transcription → \(new.transcription?.model ?? "off")") }
        if old.noiseReduction != new.noiseReduction { parts.append("noise reduction → \(new.noiseReduction?.rawValue ?? "off")") }
        if old.tools != new.tools { parts.append("tools changed") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private func handleError(_ error: ErrorDetail) {
        if let eventID = error.eventID, let index = pendingUpdates.firstIndex(of: eventID) {
            pendingUpdates.remove(at: index)
            resumeSync(eventID)
            desiredConfig = confirmedConfig
            updateSink.yield(.configurationRejected(field: error.param, message: error.message))
            updateSink.yield(.configuration(confirmedConfig))
            return
        }
        if let code = error.code, Self.fatalErrorCodes.contains(code) || Self.fatalErrorCodes.contains(error.type) {
            fatalError = error
            updateSink.yield(.notice(Notice(.error, "the server ended the session: \(error.message) (\(code))")))
            return
        }
        switch error.code {
        case "response_cancel_not_active":
            return
        case "conversation_already_has_active_response":
            updateSink.yield(.notice(Notice(.warning, "the model is still answering: wait for the reply to finish or interrupt it (i)")))
        default:
            updateSink.yield(.notice(Notice(.error, "server error: \(error.message)\(error.code.map { " (\($0))" } ?? "")")))
        }
    }

    private func addItem(_ item: ConversationItem, previousItemID: Nullable<String>?, responseID: String?) {
        guard let id = item.id else { return }
        let speaker: ConversationEntry.Speaker
        let kind: ConversationEntry.Kind
        switch item.type {
        case .message:
            kind = .message
            speaker = ConversationEntry.Speaker(rawValue: item.role?.rawValue ?? "assistant") ?? .assistant
        case .functionCall:
            kind = .functionCall
            speaker = .assistant
        case .functionCallOutput:
            kind = .functionOutput
            speaker = .tool
        case .other:
            kind = .other
            speaker = .system
        }
        var entry = ConversationEntry(id: id, speaker: speaker, kind: kind, text: item.displayText, isPartial: item.status == .inProgress,
                                      responseID: responseID)
        entry.toolName = item.name
        entry.callID = item.callID
        let hasAudioInput = item.content?.contains { $0.kind == .inputAudio } ?? false
        if speaker == .user, hasAudioInput {
            entry.isPartial = confirmedConfig.transcription != nil
            if entry.isPartial { transcriptionPending.insert(id) }
        }
        if kind == .functionCall { entry.text = item.arguments ?? "" }
        updateSink.yield(.entry(conversation.upsert(entry, after: previousItemID)))
    }

    private func finishItem(_ item: ConversationItem) {
        guard let id = item.id else { return }
        modifyEntry(id) { entry in
            let finalText = item.type == .functionCall ? (item.arguments ?? "") : item.displayText
            if !self.cutItems.contains(id), !finalText.isEmpty, entry.text.isEmpty || entry.speaker != .user { entry.text = finalText }
            if !self.transcriptionPending.contains(id) { entry.isPartial = false }
            if let name = item.name { entry.toolName = name }
        }
    }

    private func modifyEntry(_ id: String, _ change: (inout ConversationEntry) -> Void) {
        if let entry = conversation.modify(id, change) { updateSink.yield(.entry(entry)) }
    }

    private func receiveAudio(_ payload: ContentDeltaEvent) {
        let itemID = payload.location.itemID
        guard !cutItems.contains(itemID) else { return }
        guard let data = Data(base64Encoded: payload.delta), let samples = try? PCM.samples(fromLittleEndian: data) else {
            updateSink.yield(.notice(Notice(.warning, "an audio delta was not valid base64 PCM16; skipped")))
            return
        }
        let key = PlaybackItem(itemID: itemID, contentIndex: payload.location.contentIndex)
        receivedSamples[key, default: 0] += samples.count
        lastAudioItem = key
        voiceLocked = true
        if metrics[payload.location.responseID]?.firstAudioDeltaAt == nil { metrics[payload.location.responseID]?.firstAudioDeltaAt = Date() }
        modifyEntry(itemID) { $0.audioMilliseconds = PCM.milliseconds(forSamples: self.receivedSamples[key] ?? 0) }
        options.playback?.enqueue(samples, for: key)
        options.recorder?.assistant(samples)
    }

    private func finishResponse(_ response: ResponseObject) {
        if activeResponseID == response.id { activeResponseID = nil }
        var m = metrics.removeValue(forKey: response.id) ?? TurnMetrics(responseID: response.id)
        m.status = response.status.rawValue
        m.statusReason = response.statusReason
        m.doneAt = Date()
        m.usage = response.usage
        if let item = lastAudioItem, let progress = options.playback?.progress(of: item), let audible = progress.firstAudibleAt {
            let ago = ContinuousClock.now - audible
            m.firstAudibleAt = Date().addingTimeInterval(-Double(ago.components.seconds) - Double(ago.components.attoseconds) / 1e18)
        }
        if let usage = response.usage {
            totalUsage += usage
            if let prices = options.prices.prices(for: confirmedConfig.model) {
                let cost = prices.cost(of: usage)
                m.cost = cost
                totalCost = (totalCost ?? 0) + cost
            }
            updateSink.yield(.totals(usage: totalUsage, cost: totalCost))
        }
        for itemID in responseItems.removeValue(forKey: response.id) ?? [] {
            modifyEntry(itemID) { if !$0.interrupted { $0.isPartial = false } }
        }
        if response.status == .completed, desiredConfig.outputModality == .audio, m.firstAudioDeltaAt == nil, m.firstTextDeltaAt != nil {
            if options.speech != nil {
                updateSink.yield(.notice(Notice(.warning, "the model answered in text although audio was asked for; speaking it with \(options.speech?.name ?? "the synthesiser")")))
            } else {
                forceAudioNextResponse = true
                updateSink.yield(.notice(Notice(.warning, "the model answered in text although audio was asked for (a known effect of text history); the next reply asks for audio explicitly — or start with --tts espeak-ng to speak such replies")))
            }
        }
        if response.status == .failed {
            let message = response.statusDetails?["error"]?["message"]?.stringValue ?? "no reason given"
            updateSink.yield(.notice(Notice(.error, "the response failed: \(message)")))
        }
        completedTurns.append(m)
        autosave()
        updateSink.yield(.turn(m))
        updateSink.yield(.assistantResponding(false))
        flushToolOutputs()
    }
}
