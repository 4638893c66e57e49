import AudioIO
import Foundation
import RealtimeCore

/// Streams a WAV file into a GPT-Live call, whose timeline moves only while input flows: the file at its
/// pace, then silence at the same pace (``LiveInputPacer``) for as long as a reply is still coming.
///
/// With `--fast` the clock runs twenty times faster than real time (servers that follow the timeline, such as
/// the built-in simulator, answer as fast; OpenAI's service expects real time), and at each pause in the
/// file the streamer pads silence until the reply to that sentence is over, so the next sentence does
/// not talk over it.
struct LiveInputStreamer {
    let options: HeadlessOptions
    /// True once the call is to end now (a signal): streaming stops where it is.
    let isStopping: @Sendable () -> Bool

    /// How much faster than real time `--fast` runs the session's clock ([inferred]: a choice, not a service figure).
    static let fastSpeedUp = 20.0
    /// Timeline with nobody speaking and no reply owed that ends the call after the input ([inferred]).
    static let settle = Duration.milliseconds(1_500)

    private var speedUp: Double { options.fast ? Self.fastSpeedUp : 1 }

    func stream(_ input: WAVAudioInput, to session: RealtimeSession, monitor: HeadlessMonitor) async throws {
        let pauses = options.fast ? HeadlessCall.turnEnds(input.samples, silenceMs: 600) : []
        let frames = try HeadlessCall.frames(of: input)
        defer { input.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        var pacer = LiveInputPacer()
        var sent = 0
        for await frame in frames {
            if isStopping() { return }
            await session.sendAudio(frame.samples)
            pacer.sent(frame.samples.count)
            sent += 1
            if pauses.contains(sent) { try await padUntilAnswered(session, pacer: &pacer, since: start, monitor: monitor) }
            if let reason = await monitor.fatalReason { throw HeadlessError(reason) }
        }
        try await padUntilAnswered(session, pacer: &pacer, since: start, monitor: monitor)
    }

    /// Sends silence at the session's pace until nobody speaks, no reply is owed to the user's last words,
    /// and ``settle`` of timeline has passed like that.
    private func padUntilAnswered(
        _ session: RealtimeSession, pacer: inout LiveInputPacer, since start: ContinuousClock.Instant, monitor: HeadlessMonitor
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + options.responseTimeout
        var settledFrom: Duration?
        while !isStopping() {
            let elapsed = (clock.now - start) * speedUp
            for chunk in pacer.silenceOwed(after: elapsed) {
                await session.sendAudio([Int16](repeating: 0, count: chunk))
                pacer.sent(chunk)
            }
            if let reason = await monitor.fatalReason { throw HeadlessError(reason) }
            if await session.liveAwaitingReply {
                settledFrom = nil
            } else if let from = settledFrom {
                if elapsed - from >= Self.settle { return }
            } else {
                settledFrom = elapsed
            }
            if clock.now > deadline {
                throw HeadlessError("no reply finished within \(options.responseTimeout.components.seconds) s; the server may be stalled")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
