import Foundation
import RealtimeCore
import Synchronization

/// One session of the GPT-Live capacity test: a lean client on a bare `WebSocketConnection` that starts a
/// session, streams prepared 20 ms appends on a real-time schedule, and times the output track.
///
/// The simulator sends the k-th output delta (100 ms of track) once the input has reached (k + 1) × 100 ms,
/// that is once the append with index 5k + 4 has arrived: the delta's lateness is measured from the moment
/// that append was sent.
final class LiveLoadClient: Sendable {
    /// What one client saw.
    struct Figures: Sendable {
        /// Milliseconds each send was behind its schedule (only late ones).
        var sendLateness: [Double] = []
        /// Milliseconds from sending the append that completed a delta's 100 ms to receiving the delta.
        var deltaLateness: [Double] = []
        /// Output transcript deltas received (the replies' words).
        var replyWords = 0
        var errors: [String] = []
    }

    private struct State {
        var figures = Figures()
        var sentAt: [ContinuousClock.Instant] = []
        var deltas = 0
        var started = false
    }

    private let connection: WebSocketConnection
    private let appends: [String]
    private let state = Mutex(State())

    /// Creates a client on an open connection to `/v1/live/sessions`.
    ///
    /// - Parameter appends: the append texts of one turn (speech, then silence), sent in a loop.
    init(connection: WebSocketConnection, appends: [String]) {
        self.connection = connection
        self.appends = appends
    }

    /// Starts a session, streams from `start` until `end`, then closes and returns what it saw.
    func run(from start: ContinuousClock.Instant, until end: ContinuousClock.Instant) async -> Figures {
        let reading = Task { await read() }
        connection.send(#"{"type":"session.start","session":{"model":"gpt-live-1"},"event_id":"start"}"#)
        while !state.withLock({ $0.started }), ContinuousClock.now < start {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await RealTimeSender.run(
            appends, from: start, until: end, send: { _ = connection.send($0) },
            sent: { instant in state.withLock { $0.sentAt.append(instant) } },
            late: { milliseconds in state.withLock { $0.figures.sendLateness.append(milliseconds) } })
        try? await Task.sleep(for: .seconds(1))
        connection.close(code: 1000, reason: "done")
        await reading.value
        return state.withLock { s in
            if !s.started { s.figures.errors.append("no session.started") }
            return s.figures
        }
    }

    private func read() async {
        for await event in connection.events {
            guard case .text(let text) = event else { continue }
            let now = ContinuousClock.now
            let type = LoadClient.type(of: text)
            state.withLock { s in
                switch type {
                case "session.output_audio.delta":
                    let completing = 5 * s.deltas + 4
                    s.deltas += 1
                    if completing < s.sentAt.count { s.figures.deltaLateness.append(max(0, (now - s.sentAt[completing]).seconds * 1000)) }
                case "session.output_transcript.delta":
                    s.figures.replyWords += 1
                case "session.started":
                    s.started = true
                case "error":
                    s.figures.errors.append(String(text.prefix(200)))
                default:
                    break
                }
            }
        }
    }
}
