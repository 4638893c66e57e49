import Foundation
import RealtimeCore
import Synchronization

/// One session of the capacity test: a lean client on a bare `WebSocketConnection` that streams prepared
/// 20 ms appends on a real-time schedule and times what the simulator sends back.
///
/// It measures three things: how late its own sends were (the load generator falling behind), how late
/// each `speech_stopped` came after the append that completed the turn's silence (the simulator's input
/// side), and how late each audio delta came against the reply's pacing (the simulator's output side).
final class LoadClient: Sendable {
    /// What one client saw.
    struct Figures: Sendable {
        /// Milliseconds each send was behind its schedule (only late ones).
        var sendLateness: [Double] = []
        /// Milliseconds from the append that completed the turn's silence (`audio_end_ms`, which includes the
        /// silence) to the `speech_stopped` it caused.
        var vadLag: [Double] = []
        /// Milliseconds each audio delta was behind first delta + k × interval.
        var deltaLateness: [Double] = []
        var responses = 0
        var errors: [String] = []
    }

    private struct State {
        var figures = Figures()
        /// When each append was sent, by index.
        var sentAt: [ContinuousClock.Instant] = []
        var firstDelta: ContinuousClock.Instant?
        var deltasInResponse = 0
    }

    private let connection: WebSocketConnection
    private let appends: [String]
    private let deltaInterval: Duration
    private let state = Mutex(State())

    /// Creates a client on an open connection.
    ///
    /// - Parameters:
    ///   - appends: the append texts of one turn (speech, then silence), sent in a loop.
    ///   - pace: the simulator's pace (a 100 ms delta every 100 ms ÷ pace).
    init(connection: WebSocketConnection, appends: [String], pace: Double) {
        self.connection = connection
        self.appends = appends
        deltaInterval = .milliseconds(100 / pace)
    }

    /// Streams from `start` until `end`, then closes and returns what it saw.
    func run(from start: ContinuousClock.Instant, until end: ContinuousClock.Instant) async -> Figures {
        let reading = Task { await read() }
        await RealTimeSender.run(
            appends, from: start, until: end, send: { _ = connection.send($0) },
            sent: { instant in state.withLock { $0.sentAt.append(instant) } },
            late: { milliseconds in state.withLock { $0.figures.sendLateness.append(milliseconds) } })
        try? await Task.sleep(for: .seconds(1))
        connection.close(code: 1000, reason: "done")
        await reading.value
        return state.withLock { $0.figures }
    }

    private func read() async {
        for await event in connection.events {
            guard case .text(let text) = event else { continue }
            let now = ContinuousClock.now
            let type = Self.type(of: text)
            state.withLock { s in
                switch type {
                case "response.output_audio.delta":
                    if let first = s.firstDelta {
                        s.deltasInResponse += 1
                        let due = first + deltaInterval * s.deltasInResponse
                        s.figures.deltaLateness.append(max(0, (now - due).seconds * 1000))
                    } else {
                        s.firstDelta = now
                        s.deltasInResponse = 0
                    }
                case "response.done":
                    s.firstDelta = nil
                    s.figures.responses += 1
                case "input_audio_buffer.speech_stopped":
                    guard let end = Self.integer("audio_end_ms", in: text) else { return }
                    let frame = (end + PCM.frameMilliseconds - 1) / PCM.frameMilliseconds - 1
                    if frame >= 0, frame < s.sentAt.count { s.figures.vadLag.append((now - s.sentAt[frame]).seconds * 1000) }
                case "error":
                    s.figures.errors.append(String(text.prefix(200)))
                default:
                    break
                }
            }
        }
    }

    /// The `type` of an event's wire text, found without parsing the whole JSON.
    static func type(of text: String) -> Substring {
        guard let key = text.range(of: #""type":""#) else { return "" }
        let rest = text[key.upperBound...]
        return rest.prefix { $0 != "\"" }
    }

    /// An integer member of an event's wire text, found without parsing the whole JSON.
    static func integer(_ name: String, in text: String) -> Int? {
        guard let key = text.range(of: "\"\(name)\":") else { return nil }
        return Int(text[key.upperBound...].prefix { $0.isNumber })
    }
}
