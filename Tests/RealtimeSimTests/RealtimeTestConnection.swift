import Foundation
import HTTPTypes
import Logging
import RealtimeCore
import WSClient

/// A minimal Realtime client for the end-to-end tests: sends JSON events and reads server events in order.
struct RealtimeTestConnection {
    /// What an exchange ended with.
    struct Outcome: Sendable {
        /// The close frame the server sent, if any.
        var close: WebSocketCloseFrame?
    }

    private var messages: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    /// Every server event read so far.
    private(set) var received: [JSONValue] = []

    /// Connects to `<base>/realtime?model=…`, runs `body`, and closes.
    static func exchange(
        _ base: URL, query: String = "model=gpt-realtime", headers: HTTPFields = [:],
        _ body: @escaping @Sendable (inout RealtimeTestConnection) async throws -> Void
    ) async throws -> Outcome {
        let url = base.absoluteString + "/realtime?" + query
        let configuration = WebSocketClientConfiguration(maxFrameSize: 64 << 20, additionalHeaders: headers)
        let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "sim-test")) {
            inbound, outbound, _ in
            var connection = RealtimeTestConnection(messages: inbound.messages(maxSize: 64 << 20).makeAsyncIterator(), outbound: outbound)
            try await body(&connection)
        }
        return Outcome(close: close)
    }

    /// Sends an event.
    func send(_ event: JSONValue) async throws {
        try await outbound.write(.text(JSONWriter.compact(event)))
    }

    /// Sends PCM16 samples as 20 ms appends.
    func append(_ samples: [Int16]) async throws {
        for start in stride(from: 0, to: samples.count, by: 480) {
            let chunk = samples[start..<min(samples.count, start + 480)]
            try await send(["type": "input_audio_buffer.append", "audio": .string(PCM.bytes(Array(chunk)).base64EncodedString())])
        }
    }

    /// The next server event, or nil when the server closed.
    mutating func next() async throws -> JSONValue? {
        while let message = try await messages.next() {
            guard case .text(let text) = message else { continue }
            let event = try JSONParser.parse(text)
            received.append(event)
            return event
        }
        return nil
    }

    /// Reads events up to and including the first of `type`; returns them all.
    mutating func read(until type: String) async throws -> [JSONValue] {
        var events: [JSONValue] = []
        while let event = try await next() {
            events.append(event)
            if event["type"]?.stringValue == type { return events }
        }
        throw ConnectionClosed(waitingFor: type, received: events.compactMap { $0["type"]?.stringValue })
    }

    /// The server closed before an expected event.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var waitingFor: String
        var received: [String]
        var description: String { "closed while waiting for \(waitingFor); got \(received)" }
    }
}

extension Array where Element == JSONValue {
    /// The `type` of each event, in order.
    var types: [String] { compactMap { $0["type"]?.stringValue } }

    /// The first event of a type.
    func first(_ type: String) -> JSONValue? { first { $0["type"]?.stringValue == type } }

    /// The types without audio and transcript deltas, to compare event orders.
    var withoutDeltas: [String] { types.filter { !$0.hasSuffix(".delta") } }
}
