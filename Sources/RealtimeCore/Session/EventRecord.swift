import Foundation

/// One event that crossed the wire, for the inspector and the events file.
public struct EventRecord: Sendable, Equatable, Identifiable {
    /// Which way it went.
    public enum Direction: String, Sendable, Equatable, Codable {
        case client, server
    }

    /// A sequence number, unique within the session.
    public var id: Int
    public var time: Date
    public var direction: Direction
    /// The wire type (`response.output_audio.delta`).
    public var type: String
    /// The event as JSON with audio payloads elided and secrets redacted.
    public var summary: JSONValue
    /// Bytes of audio the event carried (elided from `summary`).
    public var audioBytes: Int
    /// How many events of this type the record stands for: a run of microphone appends is reported as one
    /// record (`summary` is the last of them, `audioBytes` their total), every other event as itself.
    public var count: Int

    /// Creates a record.
    public init(id: Int, time: Date, direction: Direction, type: String, summary: JSONValue, audioBytes: Int, count: Int = 1) {
        self.id = id
        self.time = time
        self.direction = direction
        self.type = type
        self.summary = summary
        self.audioBytes = audioBytes
        self.count = count
    }

    /// Replaces base64 audio with a short note, so a record stays small and readable.
    ///
    /// An event without audio comes back as it was, sharing its storage: a rollover replays and echoes
    /// thousands of items at once, and copying each of them here was a megabyte the heap kept.
    public static func elideAudio(_ json: JSONValue) -> (JSONValue, Int) {
        guard case .object(var o) = json else { return (json, 0) }
        var bytes = 0
        var elided = false
        let type = o["type"]?.stringValue ?? ""
        for key in ["audio", "delta"] {
            guard case .string(let payload)? = o[key], key == "audio" || type.hasSuffix("audio.delta") else { continue }
            let n = payload.utf8.count / 4 * 3
            bytes += n
            o[key] = .string("<\(n) bytes of audio>")
            elided = true
        }
        if case .object(var item)? = o["item"], case .array(let content)? = item["content"], content.contains(where: Self.carriesAudio) {
            item["content"] = .array(
                content.map { part in
                    guard case .object(var p) = part, case .string(let audio)? = p["audio"] else { return part }
                    let n = audio.utf8.count / 4 * 3
                    bytes += n
                    p["audio"] = .string("<\(n) bytes of audio>")
                    return .object(p)
                })
            o["item"] = .object(item)
            elided = true
        }
        return elided ? (.object(o), bytes) : (json, 0)
    }

    private static func carriesAudio(_ part: JSONValue) -> Bool {
        if case .string? = part["audio"] { return true }
        return false
    }
}
