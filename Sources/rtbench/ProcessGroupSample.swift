/// CPU time and memory of a client made of several processes (the Python client with its parec and pacat).
struct ProcessGroupSample {
    /// CPU seconds of all the processes.
    var cpuSeconds: Double
    /// The sum of their resident sets.
    var residentBytes: Int
    var instant: ContinuousClock.Instant

    /// Reads the processes; nil when any of them is gone.
    static func read(_ pids: [Int32]) -> ProcessGroupSample? {
        let samples = pids.compactMap(ProcessSample.read)
        guard samples.count == pids.count, !samples.isEmpty else { return nil }
        return ProcessGroupSample(
            cpuSeconds: samples.reduce(0) { $0 + $1.cpuSeconds }, residentBytes: samples.reduce(0) { $0 + $1.residentBytes },
            instant: ContinuousClock.now)
    }

    /// The share of one core used since an earlier sample, in percent.
    func cpuPercent(since earlier: ProcessGroupSample) -> Double {
        let wall = (instant - earlier.instant).seconds
        return wall > 0 ? (cpuSeconds - earlier.cpuSeconds) / wall * 100 : 0
    }
}
