import Foundation
import Logging
import RealtimeCore

/// One simulated Realtime session: the protocol state machine behind a WebSocket connection.
///
/// Client frames come in through ``receive(_:)``; everything the session sends goes, in order, into the
/// `outgoing` stream that the connection's writer drains. Responses stream from tasks that only keep time:
/// every event is produced on the actor, so the order on the wire is the order decided here.
actor SimulatedSession {
    /// What a session needs from its server.
    struct Environment: Sendable {
        var dialect: Dialect
        /// The model the client asked for.
        var model: String
        var pace: Double
        /// The modelled time to first audio, in ms.
        var firstDeltaDelayMs: Int
        var scenario: Scenario?
        var maxSessionDuration: Duration
        var synthesizer: SpeechSynthesizer
        var frameLog: FrameLog?
        var logger: Logger
    }

    let environment: Environment
    let outgoing: AsyncStream<OutgoingFrame>.Continuation
    var ids: IDGenerator
    let sessionID: String
    let conversationID: String
    let expiresAt: Int

    var settings: SessionSettings
    var conversation = ServerConversation()
    /// True once an audio delta was sent (the voice is then locked).
    var audioProduced = false
    var buffer: InputAudioBuffer
    var detector: VoiceActivityDetector?
    /// The user item announced by `speech_started`, until it is committed.
    var speechItemID: String?
    /// The `audio_start_ms` of the speech in progress.
    var speechStartMs: Int?
    /// Where on the timeline the idle timeout fires (GA server VAD with `idle_timeout_ms`).
    var idleDeadlineMs: Int?
    var responses: [String: ActiveResponse] = [:]
    var responseTasks: [String: Task<Void, Never>] = [:]
    /// The response writing to the default conversation, if any.
    var defaultResponseID: String?
    /// Speech stopped while a response was active and `create_response` is on: answer once it is done.
    var autoResponsePending = false
    /// The next scenario turn to use.
    var turnIndex = 0
    /// A scenario turn whose tool call was made and whose reply waits for the function output.
    var toolTurn: ScenarioTurn?
    /// Input tokens of the previous response, the base of the cached-token count.
    var previousInputTokens = 0
    var backgroundTasks: [Int: Task<Void, Never>] = [:]
    var nextTaskKey = 0
    /// True once the session has closed; nothing more is sent.
    var ended = false

    /// Creates a session that writes its frames to `outgoing`.
    init(environment: Environment, outgoing: AsyncStream<OutgoingFrame>.Continuation) {
        self.environment = environment
        self.outgoing = outgoing
        var generator = IDGenerator()
        sessionID = generator.next("sess")
        conversationID = generator.next("conv")
        ids = generator
        let lifetime = environment.maxSessionDuration.components.seconds
        expiresAt = Int(Date().timeIntervalSince1970) + Int(lifetime)
        let settings = SessionSettings(dialect: environment.dialect, model: environment.model)
        self.settings = settings
        let buffer = InputAudioBuffer(format: settings.inputFormat, originMs: 0)
        self.buffer = buffer
        detector = VoiceActivityDetector.Parameters.forTurnDetection(settings.turnDetection).map {
            VoiceActivityDetector(parameters: $0, sampleRate: buffer.sampleRate, originMs: 0)
        }
    }

    var dialect: Dialect { environment.dialect }

    /// Sends `session.created` (and, in beta, `conversation.created`) and starts the session clock.
    func start() {
        if ModelCatalog.model(environment.model)?.family == .live {
            sendError(ServiceErrors.liveModelOnRealtime(environment.model), eventID: nil)
            outgoing.yield(.close(code: 1008, reason: "invalid_model"))
            terminate()
            return
        }
        send(sessionEvent("session.created"))
        if dialect == .beta {
            send(
                .conversationCreated(JSONPayloadEvent(members: ["conversation": ["id": .string(conversationID), "object": "realtime.conversation"]])))
        }
        let limit = environment.maxSessionDuration
        spawn { session in
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await session.expire()
        }
    }

    /// Handles one text frame from the client.
    func receive(_ text: String) {
        guard !ended else { return }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            environment.frameLog?.record(.client, text: text)
            sendError(ServiceErrors.invalidJSON(error.description), eventID: nil)
            return
        }
        environment.frameLog?.record(.client, json: text.contains(where: \.isNewline) ? JSONWriter.compact(json) : text)
        guard case .object(let object) = json, object["type"]?.stringValue != nil else {
            sendError(ServiceErrors.notAnEvent(), eventID: json["event_id"]?.stringValue)
            return
        }
        let eventID = object["event_id"]?.stringValue
        do {
            let event = try ClientEvent.decode(json: json, dialect: dialect).event
            try handle(event, raw: object, eventID: eventID)
        } catch let error as ProtocolError {
            sendError(ServiceErrors.unreadable(error), eventID: eventID)
        } catch let rejection as Rejection {
            sendError(rejection.detail, eventID: eventID)
        } catch {
            sendError(ErrorDetail(type: "server_error", message: "\(error)"), eventID: eventID)
        }
    }

    /// Handles a binary frame from the client (the protocol has none).
    func receiveBinary() {
        guard !ended else { return }
        sendError(ServiceErrors.binaryFrame(), eventID: nil)
    }

    /// The client went away: stop everything without sending more.
    func clientDisconnected() {
        terminate()
    }

    /// The server is stopping: close with 1001 and stop.
    func shutdown() {
        guard !ended else { return }
        outgoing.yield(.close(code: 1001, reason: "The server is shutting down."))
        terminate()
    }

    /// The maximum session length was reached: `session_expired`, then close 1001 with the same words.
    func expire() {
        guard !ended else { return }
        let detail = ServiceErrors.sessionExpired(limit: environment.maxSessionDuration)
        sendError(detail, eventID: nil)
        outgoing.yield(.close(code: 1001, reason: detail.message))
        terminate()
    }

    private func handle(_ event: ClientEvent, raw: JSONObject, eventID: String?) throws(Rejection) {
        switch event {
        case .sessionUpdate(let update):
            let next = try SessionUpdateRules.apply(
                update, raw: raw["session"]?.objectValue ?? [:], to: settings, dialect: dialect,
                voiceLocked: audioProduced)
            adopt(next)
            send(sessionEvent("session.updated"))
        case .transcriptionSessionUpdate:
            guard dialect == .beta else { throw Rejection(ServiceErrors.unknownEventType(event.typeName, dialect: dialect)) }
            throw Rejection(
                ServiceErrors.invalidValue(
                    "type", message: "transcription_session.update applies to transcription sessions; this is a realtime session."))
        case .inputAudioBufferAppend(let audio):
            try append(base64: audio)
        case .inputAudioBufferCommit:
            try commitManually()
        case .inputAudioBufferClear:
            clearInput()
        case .outputAudioBufferClear:
            throw Rejection(ServiceErrors.outputAudioBufferClear())
        case .itemCreate(let item, let previousItemID):
            try createItem(item, raw: raw["item"]?.objectValue ?? [:], previousItemID: previousItemID)
        case .itemRetrieve(let itemID):
            try retrieveItem(itemID)
        case .itemTruncate(let itemID, let contentIndex, let audioEndMs):
            try truncateItem(itemID, contentIndex: contentIndex, audioEndMs: audioEndMs)
        case .itemDelete(let itemID):
            try deleteItem(itemID)
        case .responseCreate(let parameters):
            let options =
                try parameters.map { (p: ResponseParameters) throws(Rejection) in
                    try ResponseOptions(settings: settings, parameters: p, raw: raw["response"]?.objectValue ?? [:], dialect: dialect)
                } ?? ResponseOptions(settings: settings)
            if options.inConversation, let active = defaultResponseID { throw Rejection(ServiceErrors.activeResponse(active)) }
            startResponse(options)
        case .responseCancel(let responseID):
            try cancelResponse(responseID)
        case .unknown(let type, _):
            throw Rejection(ServiceErrors.unknownEventType(type, dialect: dialect))
        }
    }

    /// Takes new settings; a new input format or turn detection restarts the detector at the current position.
    private func adopt(_ next: SessionSettings) {
        let previous = settings
        settings = next
        if next.inputFormat != previous.inputFormat {
            buffer = InputAudioBuffer(format: next.inputFormat, originMs: buffer.timelineMs)
        }
        if next.inputFormat != previous.inputFormat || next.turnDetection != previous.turnDetection {
            detector = VoiceActivityDetector.Parameters.forTurnDetection(next.turnDetection).map {
                VoiceActivityDetector(parameters: $0, sampleRate: buffer.sampleRate, originMs: buffer.timelineMs)
            }
            speechItemID = nil
            speechStartMs = nil
            idleDeadlineMs = nil
        }
    }

    // MARK: - Sending

    /// Queues an event for the client.
    func send(_ event: ServerEvent) {
        guard !ended else { return }
        outgoing.yield(.event(event.encoded(dialect, eventID: ids.next("event"))))
    }

    /// Queues an audio delta, written without a JSON tree (the event sent most often).
    func sendAudioDelta(_ location: ContentLocation, base64: String) {
        guard !ended else { return }
        outgoing.yield(.event(AudioDeltaFrame.text(dialect, eventID: ids.next("event"), location: location, base64: base64)))
    }

    /// Queues an `error` event that echoes the client's `event_id`.
    func sendError(_ detail: ErrorDetail, eventID: String?) {
        var detail = detail
        detail.eventID = eventID
        send(.error(ErrorEvent(error: detail)))
    }

    /// `session.created` / `session.updated` with the full effective configuration.
    func sessionEvent(_ type: String) -> ServerEvent {
        .unknown(type: type, members: ["session": settings.sessionJSON(dialect, id: sessionID, expiresAt: expiresAt)])
    }

    /// Runs background work (timers, transcription) that ends with the session.
    func spawn(_ work: @escaping @Sendable (SimulatedSession) async -> Void) {
        guard !ended else { return }
        let key = nextTaskKey
        nextTaskKey += 1
        backgroundTasks[key] = Task { [self] in
            await work(self)
            self.finishBackgroundTask(key)
        }
    }

    private func finishBackgroundTask(_ key: Int) {
        backgroundTasks[key] = nil
    }

    /// Stops every task and ends the outgoing stream (after whatever was queued).
    func terminate() {
        guard !ended else { return }
        ended = true
        for task in backgroundTasks.values { task.cancel() }
        for task in responseTasks.values { task.cancel() }
        backgroundTasks = [:]
        responseTasks = [:]
        outgoing.finish()
    }
}
