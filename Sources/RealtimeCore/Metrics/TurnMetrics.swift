import Foundation

/// Timings and usage of one response.
public struct TurnMetrics: Sendable, Equatable {
    public var responseID: String
    /// How it ended (`completed`, `cancelled`, …).
    public var status: String
    /// Why, when the server said (`turn_detected`, `client_cancelled`, …).
    public var statusReason: String?
    /// When the server reported the end of the user's speech (local receipt of `speech_stopped`).
    public var speechEndedAt: Date?
    public var responseCreatedAt: Date?
    public var firstAudioDeltaAt: Date?
    public var firstTextDeltaAt: Date?
    /// When the first reply sample was audible, as the audio output reports it.
    public var firstAudibleAt: Date?
    public var doneAt: Date?
    public var usage: Usage?
    /// Cost of this response in US dollars, when the model's prices are known.
    public var cost: Double?

    /// Creates metrics for a response.
    public init(responseID: String, status: String = "in_progress") {
        self.responseID = responseID
        self.status = status
    }

    static func interval(_ from: Date?, _ to: Date?) -> Duration? {
        guard let from, let to else { return nil }
        return .milliseconds(Int64(((to.timeIntervalSince(from)) * 1000).rounded()))
    }

    /// Speech end → first audio delta (or first text delta when there is no audio).
    public var latencyToFirstDelta: Duration? {
        Self.interval(speechEndedAt ?? responseCreatedAt, firstAudioDeltaAt ?? firstTextDeltaAt)
    }

    /// Speech end → first audible sample.
    public var latencyToFirstAudible: Duration? { Self.interval(speechEndedAt ?? responseCreatedAt, firstAudibleAt) }

    /// `response.created` → `response.done`.
    public var responseDuration: Duration? { Self.interval(responseCreatedAt, doneAt) }
}
