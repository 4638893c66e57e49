/// Times an operation one call at a time, after a warm-up, and counts its allocations in a separate pass.
///
/// Each call is timed on its own with the continuous clock (a clock read costs about 20–30 ns and is
/// included), which gives a median and a 99th percentile rather than only a mean. Allocations are counted
/// over a separate batch of calls and divided by its size, so counting never slows the timed calls.
struct OperationBenchmark {
    /// What the operation does.
    var name: String
    /// Timed calls.
    var iterations: Int
    /// Untimed calls first (caches, lazy initialisation).
    var warmup: Int
    /// Calls in the allocation-counting pass.
    var countedIterations: Int

    /// Creates a benchmark.
    init(_ name: String, iterations: Int, warmup: Int = 200, countedIterations: Int = 1000) {
        self.name = name
        self.iterations = iterations
        self.warmup = warmup
        self.countedIterations = countedIterations
    }

    /// Runs a synchronous operation; it receives the call's index.
    func run(_ operation: (Int) -> Void) -> OperationResult {
        for index in 0..<warmup { operation(index) }
        var times = [Double]()
        times.reserveCapacity(iterations)
        let clock = ContinuousClock()
        for index in 0..<iterations {
            let start = clock.now
            operation(index)
            times.append((clock.now - start).nanoseconds)
        }
        var allocations: Double?
        var bytes: Double?
        if AllocationCounter.isActive {
            let counted = AllocationCounter.count {
                for index in 0..<countedIterations { operation(index) }
            }
            allocations = Double(counted.allocations) / Double(countedIterations)
            bytes = Double(counted.bytes) / Double(countedIterations)
        }
        return OperationResult(name: name, nanoseconds: Summary(times), allocations: allocations, bytes: bytes)
    }
}
