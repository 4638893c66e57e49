import RealtimeCore

/// An `error` a GPT-Live session sends, and the error thrown to refuse a client event.
///
/// The words mirror the Realtime route's where the GPT-Live service's are not documented ([inferred]).
struct LiveError: Error, Sendable, Equatable {
    /// The category; `invalid_request_error` for everything the simulator refuses.
    var type = "invalid_request_error"
    /// The machine-readable code.
    var code: String
    /// What is wrong.
    var message: String
    /// The field at fault, as a path (`session.voice`).
    var param: String?

    /// The `error` object, naming the client event it answers.
    func json(clientEventID: String?) -> JSONValue {
        var error: JSONObject = ["type": .string(type), "code": .string(code), "message": .string(message)]
        if let param { error["param"] = .string(param) }
        if let clientEventID { error["client_event_id"] = .string(clientEventID) }
        return .object(error)
    }

    static func invalidJSON(_ detail: String) -> LiveError {
        LiveError(code: "invalid_json", message: "The event could not be parsed as JSON: \(detail).")
    }

    static func notAnEvent() -> LiveError {
        LiveError(code: "invalid_event", message: "An event must be a JSON object with a string 'type'.", param: "type")
    }

    static func binaryFrame() -> LiveError {
        LiveError(code: "invalid_event", message: "Binary frames are not supported; send each event as a JSON text frame.")
    }

    /// The client event types of the primary WebSocket, in the SDK's order.
    static let supportedEvents = [
        "session.start", "session.update", "session.input_audio.append", "session.input_audio.mute", "session.input_audio.unmute",
        "session.output_audio.fixture.play", "session.instructions.append", "session.thinking.append", "session.commentary.append",
        "decision.create", "decision.item.create", "decision.item.delete", "response.item.create", "response.create", "session.close",
    ]

    /// An unknown event type; the message lists the supported ones (the service's code is not quoted: [inferred]).
    static func unknownEventType(_ type: String) -> LiveError {
        let list = supportedEvents.map { "'\($0)'" }.joined(separator: ", ")
        return LiveError(code: "invalid_value", message: "Invalid value: '\(type)'. Supported values are: \(list).", param: "type")
    }

    static func unknownParameter(_ path: String) -> LiveError {
        LiveError(code: "unknown_parameter", message: "Unknown parameter: '\(path)'.", param: path)
    }

    static func missingParameter(_ path: String) -> LiveError {
        LiveError(code: "missing_required_parameter", message: "Missing required parameter: '\(path)'.", param: path)
    }

    static func invalidType(_ path: String, expected: String, got value: JSONValue) -> LiveError {
        LiveError(
            code: "invalid_type", message: "Invalid type for '\(path)': expected \(expected), but got \(value.kindName) instead.", param: path)
    }

    static func invalidValue(_ path: String, _ message: String) -> LiveError {
        LiveError(code: "invalid_value", message: message, param: path)
    }

    static func invalidValue(_ path: String, _ value: String, supported: [String]) -> LiveError {
        let list = supported.map { "'\($0)'" }.joined(separator: ", ")
        return LiveError(code: "invalid_value", message: "Invalid value: '\(value)'. Supported values are: \(list).", param: path)
    }

    /// A Realtime (or transcription) model in `session.start`; the socket then closes with 1008.
    static func realtimeModelOnLive(_ model: String) -> LiveError {
        LiveError(
            code: "invalid_model",
            message: "The model '\(model)' is not a GPT-Live model and is not supported on /v1/live/sessions; connect to /v1/realtime instead.",
            param: "session.model")
    }

    /// Any event but `session.start` before the session started ([inferred]: the service's code is not documented).
    static func notStarted(_ type: String) -> LiveError {
        LiveError(code: "session_not_started", message: "The session has not started; send session.start before '\(type)'.")
    }

    /// A second `session.start` ([inferred] code).
    static func alreadyStarted() -> LiveError {
        LiveError(code: "session_already_started", message: "The session has already started; session.start may be sent only once.")
    }

    /// Audio that is not base64 or has an odd byte count (Azure's reference).
    static func invalidAudio(_ message: String) -> LiveError {
        LiveError(code: "invalid_audio", message: message, param: "audio")
    }

    /// A startup field or a delegation type in `session.update`.
    static func immutable(_ path: String) -> LiveError {
        LiveError(code: "immutable_field_update", message: "Cannot update '\(path)' after the session has started.", param: path)
    }

    /// `response.*` without Responses delegation, in the words observed from the service ([inferred] code).
    static func requiresResponses(_ eventType: String) -> LiveError {
        LiveError(code: "invalid_request", message: "\(eventType) requires Responses delegation.")
    }

    /// `decision.create` without Decisions delegation ([inferred], modelled on the Responses message).
    static func requiresDecisions() -> LiveError {
        LiveError(code: "invalid_request", message: "decision.create requires Decisions delegation.")
    }

    /// An append, or a second fixture, while an audio fixture plays ([inferred] code).
    static func fixtureActive(_ eventType: String) -> LiveError {
        LiveError(code: "audio_fixture_active", message: "\(eventType) is not accepted while an audio fixture is playing.")
    }

    /// An append that was never placed on the timeline when the session closed.
    static func contextInjectionIncomplete() -> LiveError {
        LiveError(code: "context_injection_incomplete", message: "The session closed before this context was placed on the timeline.")
    }
}
