/// The distribution of a set of measurements: count, median, 99th percentile and extremes.
///
/// Percentiles use the nearest-rank method on the sorted values, so a p99 over fewer than 100 values
/// is the maximum (and says so in `isP99Maximum`).
struct Summary: Sendable {
    var count: Int
    var median: Double
    var p99: Double
    var minimum: Double
    var maximum: Double

    /// Summarises values; all figures are 0 for an empty set.
    init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            median = 0
            p99 = 0
            minimum = 0
            maximum = 0
            return
        }
        let sorted = values.sorted()
        median = sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
        p99 = Self.percentile(0.99, ofSorted: sorted)
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
    }

    /// True when there are too few values for the 99th percentile to differ from the maximum.
    var isP99Maximum: Bool { count < 100 }

    /// The nearest-rank percentile `p` (0…1) of sorted values.
    static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
