import Foundation
import Logging
import RealtimeCore

/// One simulated GPT-Live session (`/v1/live/sessions`): the protocol state machine behind a WebSocket.
///
/// Nothing happens until a valid `session.start`. After it, the session's clock is the input audio: every
/// `session.input_audio.append` moves the timeline by its duration, and each 100 ms of timeline sends one
/// `session.output_audio.delta` (silence or the assistant's speech). Only the usage updates and the expiry keep
/// wall time. Every event is produced on the actor, in the order it reaches the socket.
actor SimulatedLiveSession: ServedSession {
    /// What a GPT-Live session needs from its server.
    struct Environment: Sendable {
        var scenario: Scenario?
        var maxSessionDuration: Duration
        /// The wall-clock interval between `session.usage.updated` events.
        var usageInterval: Duration
        var synthesizer: SpeechSynthesizer
        var frameLog: FrameLog?
        var logger: Logger

        /// The server's shared environment; the usage interval is the scenario's `usage_interval_ms`, or 15 s.
        init(_ shared: SimulatedSession.Environment) {
            scenario = shared.scenario
            maxSessionDuration = shared.maxSessionDuration
            usageInterval = .milliseconds(shared.scenario?.usageIntervalMs ?? 15_000)
            synthesizer = shared.synthesizer
            frameLog = shared.frameLog
            logger = shared.logger
        }
    }

    /// Which context append a pending append is.
    enum ContextKind: String, Sendable {
        case instructions, thinking, commentary
    }

    /// An append waiting for input audio to place it on the timeline.
    struct PendingAppend: Sendable {
        var kind: ContextKind
        var content: String
        var clientEventID: String?
    }

    /// The context window the usage ratio is measured against, in tokens ([inferred]: the limit is not published).
    static let contextWindowTokens = 32_000

    let environment: Environment
    let outgoing: AsyncStream<OutgoingFrame>.Continuation
    var ids: IDGenerator
    let sessionID: String

    /// The configuration, once `session.start` was accepted.
    var config: LiveSessionSettings?
    var expiresAt = 0
    var input = LiveInput(format: .pcm24k)
    var output = LiveOutputTrack(format: .pcm24k)
    /// Output frames sent; the next one starts at `framesSent × 100` ms.
    var framesSent = 0
    var muted = false
    /// The onset of the user's speech in progress.
    var speechStartMs: Int?
    /// True once an input transcript word was sent: later words come with a leading space.
    var inputTranscribed = false
    /// The next scenario turn to use.
    var turnIndex = 0
    var pendingAppends: [PendingAppend] = []
    var delegations: [String: DelegatedTask] = [:]
    /// The latest Responses delegation, which `response.create` continues.
    var latestDelegationID: String?
    /// User messages queued for the Responses backend by `response.item.create`.
    var backendMessages: [String] = []
    /// The ids of the items added for decisions.
    var decisionItems: Set<String> = []
    /// Characters of text in the context (instructions, history, appends, transcripts), for the usage ratio.
    var contextCharacters = 0
    /// The synthesis of queued speech, by its key on the output track, until its audio is handed over.
    var clipTasks: [Int: Task<SpeechClip, Never>] = [:]
    private var expiryTask: Task<Void, Never>?
    private var backgroundTasks: [Int: Task<Void, Never>] = [:]
    private var nextTaskKey = 0
    /// True once the session has closed; nothing more is sent.
    var ended = false

    /// Creates a session that writes its frames to `outgoing`.
    init(environment: Environment, outgoing: AsyncStream<OutgoingFrame>.Continuation) {
        self.environment = environment
        self.outgoing = outgoing
        var generator = IDGenerator()
        sessionID = generator.next("live")
        ids = generator
    }

    /// A socket that never starts a session is closed after the maximum session length.
    func start() {
        armExpiry()
    }

    /// Handles one text frame from the client. An input append may wait for the audio of speech that is due on
    /// the timeline it completes, so the next frame is read only after that.
    func receive(_ text: String) async {
        guard !ended else { return }
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            environment.frameLog?.record(.client, text: text)
            sendError(.invalidJSON(error.description), clientEventID: nil)
            return
        }
        environment.frameLog?.record(.client, json: text.contains(where: \.isNewline) ? JSONWriter.compact(json) : text)
        guard case .object(let event) = json, let type = event["type"]?.stringValue else {
            sendError(.notAnEvent(), clientEventID: json["event_id"]?.stringValue)
            return
        }
        let clientEventID = event["event_id"]?.stringValue
        do {
            try await handle(type, event, clientEventID: clientEventID)
        } catch {
            sendError(error, clientEventID: clientEventID)
        }
    }

    /// Handles a binary frame from the client (the protocol has none).
    func receiveBinary() {
        guard !ended else { return }
        sendError(.binaryFrame(), clientEventID: nil)
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

    private func handle(_ type: String, _ event: JSONObject, clientEventID: String?) async throws(LiveError) {
        guard LiveError.supportedEvents.contains(type) else { throw .unknownEventType(type) }
        if type == "session.start" { return try startSession(event, clientEventID: clientEventID) }
        guard config != nil else { throw .notStarted(type) }
        switch type {
        case "session.update": try updateSession(event, clientEventID: clientEventID)
        case "session.input_audio.append": try await appendAudio(event)
        case "session.input_audio.mute": setMuted(true, clientEventID: clientEventID)
        case "session.input_audio.unmute": setMuted(false, clientEventID: clientEventID)
        case "session.output_audio.fixture.play": try playFixture(event, clientEventID: clientEventID)
        case "session.instructions.append": try appendContext(.instructions, event, clientEventID: clientEventID)
        case "session.thinking.append": try appendContext(.thinking, event, clientEventID: clientEventID)
        case "session.commentary.append": try appendContext(.commentary, event, clientEventID: clientEventID)
        case "decision.create": try createDecision(clientEventID: clientEventID)
        case "decision.item.create": try createDecisionItem(event, clientEventID: clientEventID)
        case "decision.item.delete": try deleteDecisionItem(event, clientEventID: clientEventID)
        case "response.item.create": try createBackendItem(event)
        case "response.create": try createBackendResponse(clientEventID: clientEventID)
        default: close(reason: "close_requested", clientEventID: clientEventID)
        }
    }

    // MARK: - Sending

    /// Queues an event: its `type`, a fresh `event_id`, its members, and the `client_event_id` it answers.
    func send(_ type: String, _ members: JSONObject = [:], clientEventID: String? = nil) {
        guard !ended else { return }
        var event: JSONObject = ["type": .string(type), "event_id": .string(ids.next("event"))]
        for member in members { event[member.key] = member.value }
        if let clientEventID { event["client_event_id"] = .string(clientEventID) }
        outgoing.yield(.event(JSONWriter.compact(.object(event))))
    }

    /// Queues an output audio delta, written without a JSON tree (the event sent most often). On the primary
    /// socket it has no `event_id` and no timestamps; base64 needs no escaping.
    func sendAudioDelta(_ base64: String) {
        guard !ended else { return }
        outgoing.yield(.event("{\"type\":\"session.output_audio.delta\",\"delta\":\"" + base64 + "\"}"))
    }

    /// Queues an `error` that names the client event it answers.
    func sendError(_ error: LiveError, clientEventID: String?) {
        send("error", ["error": error.json(clientEventID: clientEventID)], clientEventID: clientEventID)
    }

    /// Runs background work (timers) that ends with the session.
    func spawn(_ work: @escaping @Sendable (SimulatedLiveSession) async -> Void) {
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

    /// (Re)starts the expiry timer: the maximum session length from now.
    func armExpiry() {
        expiryTask?.cancel()
        let limit = environment.maxSessionDuration
        expiryTask = Task { [self] in
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            self.expire()
        }
    }

    /// Stops every task and ends the outgoing stream (after whatever was queued).
    func terminate() {
        guard !ended else { return }
        ended = true
        expiryTask?.cancel()
        for task in backgroundTasks.values { task.cancel() }
        for task in clipTasks.values { task.cancel() }
        backgroundTasks = [:]
        clipTasks = [:]
        outgoing.finish()
    }
}
