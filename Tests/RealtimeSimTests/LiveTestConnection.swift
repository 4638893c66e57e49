import Foundation
import Logging
import RealtimeCore
import Testing
import WSClient

/// A minimal GPT-Live client for the end-to-end tests: raw JSON events over `/v1/live/sessions`, and input
/// audio streamed in lockstep with the output (each 100 ms append waits for the output delta it completes), so
/// the timeline position of everything sent is known and the session runs faster than real time.
struct LiveTestConnection {
    /// What an exchange ended with.
    struct Outcome: Sendable {
        /// The close frame the server sent, if any.
        var close: WebSocketCloseFrame?
    }

    static let audioDelta = "session.output_audio.delta"
    static let inputTranscript = "session.input_transcript.delta"
    static let outputTranscript = "session.output_transcript.delta"
    /// 100 ms of PCM16 at 24 kHz.
    static let chunkSamples = 2400

    private var messages: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    /// Every server event read so far.
    private(set) var events: [JSONValue] = []
    /// Milliseconds of input audio sent: the session timeline.
    private(set) var sentMs = 0

    /// Connects to `<base>/live/sessions` (with `azure`, `/openai/v1/live/sessions`), runs `body`, and closes.
    static func exchange(
        _ base: URL, azure: Bool = false, _ body: @escaping @Sendable (inout LiveTestConnection) async throws -> Void
    ) async throws -> Outcome {
        let root = azure ? String(base.absoluteString.dropLast("/v1".count)) + "/openai/v1" : base.absoluteString
        let configuration = WebSocketClientConfiguration(maxFrameSize: 64 << 20)
        let close = try await WebSocketClient.connect(url: root + "/live/sessions", configuration: configuration, logger: Logger(label: "live-test"))
        {
            inbound, outbound, _ in
            var connection = LiveTestConnection(messages: inbound.messages(maxSize: 64 << 20).makeAsyncIterator(), outbound: outbound)
            try await body(&connection)
        }
        return Outcome(close: close)
    }

    /// Sends an event.
    func send(_ event: JSONValue) async throws {
        try await outbound.write(.text(JSONWriter.compact(event)))
    }

    /// Sends `session.start` (gpt-live-1 plus `session`'s members) and returns `session.started`.
    mutating func start(_ session: JSONObject = [:], eventID: String = "evt_start") async throws -> JSONValue {
        var object: JSONObject = ["model": "gpt-live-1"]
        for member in session { object[member.key] = member.value }
        try await send(["type": "session.start", "event_id": .string(eventID), "session": .object(object)])
        return try #require(try await read(until: "session.started").last)
    }

    /// The next server event, or nil when the server closed.
    mutating func next() async throws -> JSONValue? {
        while let message = try await messages.next() {
            guard case .text(let text) = message else { continue }
            let event = try JSONParser.parse(text)
            events.append(event)
            return event
        }
        return nil
    }

    /// Reads events up to and including the first of `type`; returns them all.
    mutating func read(until type: String) async throws -> [JSONValue] {
        var read: [JSONValue] = []
        while let event = try await next() {
            read.append(event)
            if event["type"]?.stringValue == type { return read }
        }
        throw ConnectionClosed(waitingFor: type)
    }

    /// Reads the event that answers the client event `eventID` (an acknowledgement or an error).
    mutating func answer(to eventID: String) async throws -> JSONValue {
        while let event = try await next() {
            if event["client_event_id"]?.stringValue == eventID { return event }
        }
        throw ConnectionClosed(waitingFor: "the answer to \(eventID)")
    }

    /// Streams PCM16 samples at 24 kHz in 100 ms appends, each followed by reading up to its output delta.
    mutating func stream(_ samples: [Int16]) async throws {
        for start in stride(from: 0, to: samples.count, by: Self.chunkSamples) {
            let chunk = Array(samples[start..<min(samples.count, start + Self.chunkSamples)])
            try await appendAndFollow(PCM.bytes(chunk), milliseconds: chunk.count / 24)
        }
    }

    /// Streams silence, 100 ms at a time, until `done` holds for the events read (at most `limitMs`).
    mutating func streamSilence(until done: ([JSONValue]) -> Bool, limitMs: Int = 30_000) async throws {
        var streamed = 0
        while !done(events) {
            guard streamed < limitMs else {
                let seen = events.filter { $0["type"] != .string(Self.audioDelta) }.suffix(12).map(JSONWriter.compact)
                throw ConnectionClosed(waitingFor: "a condition within \(limitMs) ms of silence; last events: \(seen)")
            }
            try await appendAndFollow(Data(count: 4800), milliseconds: 100)
            streamed += 100
        }
    }

    /// Streams `milliseconds` of silence.
    mutating func streamSilence(milliseconds: Int) async throws {
        try await stream([Int16](repeating: 0, count: milliseconds * 24))
    }

    /// Sends raw input bytes that last `milliseconds`, then reads until the output deltas cover the timeline.
    mutating func appendAndFollow(_ bytes: Data, milliseconds: Int) async throws {
        try await send(["type": "session.input_audio.append", "audio": .string(bytes.base64EncodedString())])
        sentMs += milliseconds
        while events.of(Self.audioDelta).count < sentMs / 100 {
            guard try await next() != nil else { throw ConnectionClosed(waitingFor: "output delta \(sentMs / 100)") }
        }
    }

    /// The server closed before an expected event.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var waitingFor: String
        var description: String { "closed while waiting for \(waitingFor)" }
    }
}

extension Array where Element == JSONValue {
    /// The events of a type, in order.
    func of(_ type: String) -> [JSONValue] { filter { $0["type"]?.stringValue == type } }

    /// The joined deltas of a transcript event type, whitespace normalised.
    func text(_ type: String) -> String {
        of(type).compactMap { $0["delta"]?.stringValue }.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The decoded audio of every output delta, in order.
    var outputAudio: [Data] { of(LiveTestConnection.audioDelta).map { Data(base64Encoded: $0["delta"]?.stringValue ?? "") ?? Data() } }

    /// How many output audio deltas came before `event`.
    func audioDeltas(before event: JSONValue) -> Int {
        guard let index = firstIndex(of: event) else { return count }
        return Array(self[..<index]).of(LiveTestConnection.audioDelta).count
    }
}

extension Data {
    /// The largest absolute sample of PCM16 little-endian audio.
    var peak: Int {
        withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 1, by: 2).reduce(0) { peak, offset in
                Swift.max(peak, abs(Int(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))))
            }
        }
    }
}
