import RealtimeCore

/// The wire text of `response.output_audio.delta` (beta `response.audio.delta`), the event sent most often,
/// written straight into a string instead of through a JSON tree.
///
/// Nothing needs escaping: the ids are the simulator's own (letters, digits and `_`) and base64 has no
/// characters JSON escapes. The members and their order are those of `ServerEvent.encoded`.
enum AudioDeltaFrame {
    static func text(_ dialect: Dialect, eventID: String, location: ContentLocation, base64: String) -> String {
        let type = ServerEvent.outputAudioDelta(ContentDeltaEvent(location: location, delta: "")).typeName(dialect)
        var text = ""
        text.reserveCapacity(base64.utf8.count + 200)
        text += "{\"type\":\"" + type + "\",\"event_id\":\"" + eventID
        text += "\",\"response_id\":\"" + location.responseID + "\",\"item_id\":\"" + location.itemID
        text += "\",\"output_index\":" + String(location.outputIndex) + ",\"content_index\":" + String(location.contentIndex)
        text += ",\"delta\":\"" + base64 + "\"}"
        return text
    }
}
