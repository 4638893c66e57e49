import Foundation

/// Timings, usage and cost of every response of a call.
///
/// A value fed with what the protocol reports (speech ends, responses start, first deltas, responses end);
/// it returns the finished ``TurnMetrics`` and keeps the totals. Prices come from the ``PriceTable`` it was
/// created with; a model the table does not know leaves cost unknown rather than zero.
public struct TurnLedger: Sendable, Equatable {
    /// Every finished response's metrics, in order.
    public private(set) var completedTurns: [TurnMetrics] = []
    /// Usage of all responses so far.
    public private(set) var totalUsage = Usage()
    /// Cost of all responses so far, in US dollars; nil while no response had a known price.
    public private(set) var totalCost: Double?
    /// How many times the server's VAD saw the user stop speaking.
    public private(set) var speechStopCount = 0

    private let prices: PriceTable
    private var open: [String: TurnMetrics] = [:]
    private var lastSpeechEndedAt: Date?

    /// Creates an empty ledger that prices usage from `prices`.
    public init(prices: PriceTable) {
        self.prices = prices
    }

    /// The server's VAD saw the user stop speaking.
    public mutating func speechStopped(at time: Date = Date()) {
        speechStopCount += 1
        lastSpeechEndedAt = time
    }

    /// A response began; the user's last end of speech (if any) is its starting point for latency.
    public mutating func responseStarted(_ responseID: String, at time: Date = Date()) {
        var metrics = TurnMetrics(responseID: responseID)
        metrics.responseCreatedAt = time
        metrics.speechEndedAt = lastSpeechEndedAt
        lastSpeechEndedAt = nil
        open[responseID] = metrics
    }

    /// The response's first audio delta arrived (later ones change nothing).
    public mutating func audioArrived(for responseID: String, at time: Date = Date()) {
        if open[responseID]?.firstAudioDeltaAt == nil { open[responseID]?.firstAudioDeltaAt = time }
    }

    /// The response's first text delta arrived (later ones change nothing).
    public mutating func textArrived(for responseID: String, at time: Date = Date()) {
        if open[responseID]?.firstTextDeltaAt == nil { open[responseID]?.firstTextDeltaAt = time }
    }

    /// True when the response produced text and no audio so far.
    public func answeredInTextOnly(_ responseID: String) -> Bool {
        guard let metrics = open[responseID] else { return false }
        return metrics.firstAudioDeltaAt == nil && metrics.firstTextDeltaAt != nil
    }

    /// A response ended: its metrics are completed, priced for `model` and added to the totals.
    ///
    /// - Parameters:
    ///   - firstAudibleAt: when the player first made the reply audible, if it did.
    /// - Returns: the finished metrics.
    public mutating func responseFinished(_ response: ResponseObject, model: String, firstAudibleAt: Date?, at time: Date = Date()) -> TurnMetrics {
        var metrics = open.removeValue(forKey: response.id) ?? TurnMetrics(responseID: response.id)
        metrics.status = response.status.rawValue
        metrics.statusReason = response.statusReason
        metrics.doneAt = time
        metrics.usage = response.usage
        metrics.firstAudibleAt = firstAudibleAt
        if let usage = response.usage {
            totalUsage += usage
            if let prices = prices.prices(for: model) {
                let cost = prices.cost(of: usage)
                metrics.cost = cost
                totalCost = (totalCost ?? 0) + cost
            }
        }
        completedTurns.append(metrics)
        return metrics
    }
}
