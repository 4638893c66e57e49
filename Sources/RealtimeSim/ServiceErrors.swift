import Foundation
import RealtimeCore

/// The `error` payloads the simulator sends, worded as the service words them (see docs/simulator.md).
enum ServiceErrors {
    static func invalidJSON(_ detail: String) -> ErrorDetail {
        ErrorDetail(code: "invalid_json", message: "The event could not be parsed as JSON: \(detail).")
    }

    static func notAnEvent() -> ErrorDetail {
        ErrorDetail(code: "invalid_event", message: "An event must be a JSON object with a string 'type'.", param: "type")
    }

    static func binaryFrame() -> ErrorDetail {
        ErrorDetail(code: "invalid_event", message: "Binary frames are not supported; send each event as a JSON text frame.")
    }

    static func unknownEventType(_ type: String, dialect: Dialect) -> ErrorDetail {
        var supported = [
            "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
            "output_audio_buffer.clear", "conversation.item.create", "conversation.item.retrieve", "conversation.item.truncate",
            "conversation.item.delete", "response.create", "response.cancel",
        ]
        if dialect == .beta { supported.insert("transcription_session.update", at: 1) }
        let list = supported.map { "'\($0)'" }.joined(separator: ", ")
        return ErrorDetail(code: "invalid_value", message: "Invalid value: '\(type)'. Supported values are: \(list).", param: "type")
    }

    /// A field of a client event that could not be read (missing, or of the wrong JSON type).
    static func unreadable(_ error: ProtocolError) -> ErrorDetail {
        switch error.kind {
        case .missingField:
            return missingParameter(error.path ?? "")
        case .invalidJSON:
            return invalidJSON(error.message)
        case .notAnEvent:
            return notAnEvent()
        case .invalidField:
            let path = error.path ?? ""
            if error.message.hasPrefix("expected ") {
                return ErrorDetail(code: "invalid_type", message: "Invalid type for '\(path)': \(error.message).", param: path)
            }
            return ErrorDetail(code: "invalid_value", message: "Invalid value for '\(path)': \(error.message).", param: path)
        }
    }

    static func missingParameter(_ path: String) -> ErrorDetail {
        ErrorDetail(code: "missing_required_parameter", message: "Missing required parameter: '\(path)'.", param: path)
    }

    static func unknownParameter(_ path: String) -> ErrorDetail {
        ErrorDetail(code: "unknown_parameter", message: "Unknown parameter: '\(path)'.", param: path)
    }

    static func invalidValue(_ path: String, _ value: String, supported: [String]) -> ErrorDetail {
        let list = supported.map { "'\($0)'" }.joined(separator: ", ")
        return ErrorDetail(code: "invalid_value", message: "Invalid value: '\(value)'. Supported values are: \(list).", param: path)
    }

    static func invalidValue(_ path: String, message: String) -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: message, param: path)
    }

    /// A number outside its range, in the service's words ("decimal above maximum value…").
    static func outOfRange(_ path: String, _ value: Double, in range: ClosedRange<Double>, integer: Bool = false) -> ErrorDetail {
        let kind = integer ? "integer" : "decimal"
        let shown = integer ? String(Int(value)) : format(value)
        if value < range.lowerBound {
            return ErrorDetail(
                code: "invalid_value",
                message: "Invalid '\(path)': \(kind) below minimum value. Expected a value >= \(format(range.lowerBound)), but got \(shown) instead.",
                param: path)
        }
        return ErrorDetail(
            code: "invalid_value",
            message: "Invalid '\(path)': \(kind) above maximum value. Expected a value <= \(format(range.upperBound)), but got \(shown) instead.",
            param: path)
    }

    static func invalidModalities(_ modalities: [String], path: String, dialect: Dialect) -> ErrorDetail {
        let shown = "[" + modalities.map { "'\($0)'" }.joined(separator: ", ") + "]"
        let supported = dialect == .ga ? "['text'] and ['audio']" : "['text'] and ['audio', 'text']"
        return ErrorDetail(code: "invalid_value", message: "Invalid modalities: \(shown). Supported combinations are: \(supported).", param: path)
    }

    static func cannotUpdateVoice(path: String) -> ErrorDetail {
        ErrorDetail(code: "cannot_update_voice", message: "Cannot update a conversation's voice if assistant audio is present.", param: path)
    }

    static func activeResponse(_ responseID: String) -> ErrorDetail {
        ErrorDetail(
            code: "conversation_already_has_active_response",
            message:
                "Conversation already has an active response in progress: \(responseID). Wait until the response is finished before creating a new one."
        )
    }

    static func cancelNotActive() -> ErrorDetail {
        ErrorDetail(code: "response_cancel_not_active", message: "Cancellation failed: no active response found.")
    }

    static func commitEmpty(bufferedMs: Double) -> ErrorDetail {
        ErrorDetail(
            code: "input_audio_buffer_commit_empty",
            message:
                "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has \(String(format: "%.2f", bufferedMs))ms of audio."
        )
    }

    static func itemNotFound(_ itemID: String, param: String = "item_id") -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: "Conversation item with id '\(itemID)' not found.", param: param)
    }

    static func duplicateItem(_ itemID: String) -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: "Conversation item with id '\(itemID)' already exists.", param: "item.id")
    }

    static func truncateTooLong(itemMs: Int, requestedMs: Int) -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: "Audio content of \(itemMs)ms is already shorter than \(requestedMs)ms", param: "audio_end_ms")
    }

    static func truncateNotAssistantAudio(_ itemID: String) -> ErrorDetail {
        ErrorDetail(
            code: "invalid_value", message: "Only assistant messages with audio can be truncated; item '\(itemID)' is not one.", param: "item_id")
    }

    static func outputAudioBufferClear() -> ErrorDetail {
        ErrorDetail(
            code: "invalid_value",
            message:
                "output_audio_buffer.clear is only supported for WebRTC and SIP connections. Over WebSocket, clear the audio you are playing yourself.",
            param: "type")
    }

    static func invalidAudio(_ detail: String) -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: "Invalid 'audio': \(detail).", param: "audio")
    }

    static func unknownCallID(_ callID: String) -> ErrorDetail {
        ErrorDetail(code: "invalid_value", message: "Tool call ID '\(callID)' not found in conversation.", param: "item.call_id")
    }

    /// A GPT-Live model asked for on the Realtime route, as the service refuses it.
    static func liveModelOnRealtime(_ model: String) -> ErrorDetail {
        ErrorDetail(
            code: "invalid_model",
            message: "The model '\(model)' is a GPT-Live model and is not supported on /v1/realtime; connect to /v1/live/sessions instead.",
            param: "model")
    }

    static func sessionExpired(limit: Duration) -> ErrorDetail {
        ErrorDetail(code: "session_expired", message: "Your session hit the maximum duration of \(describe(limit)).")
    }

    /// `60 minutes` for whole minutes, otherwise seconds (`90 seconds`, `2.5 seconds`).
    static func describe(_ limit: Duration) -> String {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            let minutes = Int(seconds / 60)
            return minutes == 1 ? "1 minute" : "\(minutes) minutes"
        }
        return seconds == 1 ? "1 second" : "\(format(seconds)) seconds"
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
