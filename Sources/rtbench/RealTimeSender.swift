import Foundation
import RealtimeCore

/// The load generators' microphone: prepared append texts sent in a loop, one per 20 ms frame, on a
/// real-time schedule.
enum RealTimeSender {
    /// Sends `appends` in a loop from `start` until `end`, one every 20 ms; `sent` is told when each went
    /// out, and `late` by how many milliseconds a send was behind its schedule (only when more than 1 ms).
    static func run(
        _ appends: [String], from start: ContinuousClock.Instant, until end: ContinuousClock.Instant, send: (String) -> Void,
        sent: (ContinuousClock.Instant) -> Void, late: (Double) -> Void
    ) async {
        var index = 0
        while true {
            let due = start + .milliseconds(PCM.frameMilliseconds * index)
            guard due < end else { return }
            let now = ContinuousClock.now
            if due > now {
                try? await Task.sleep(until: due, clock: .continuous)
            } else if now - due > .milliseconds(1) {
                late((now - due).seconds * 1000)
            }
            sent(ContinuousClock.now)
            send(appends[index % appends.count])
            index += 1
        }
    }
}
