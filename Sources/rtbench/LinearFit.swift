/// The slope of the least-squares straight line through points: how fast memory grows.
struct LinearFit {
    /// Change of y per unit of x.
    var slope: Double

    /// Fits a line; with fewer than two distinct x values the slope is 0.
    init(x: [Double], y: [Double]) {
        let n = Double(min(x.count, y.count))
        guard n >= 2 else {
            slope = 0
            return
        }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (a, b) in zip(x, y) {
            covariance += (a - meanX) * (b - meanY)
            variance += (a - meanX) * (a - meanX)
        }
        slope = variance > 0 ? covariance / variance : 0
    }
}
