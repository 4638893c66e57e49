import Foundation

/// CLOCK_MONOTONIC nanoseconds: the clock bench/audio-probe.c stamps its records with.
enum MonotonicTime {
    /// The time now.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The same moment as a continuous-clock instant (measured against a pair of readings taken now).
    static func of(_ instant: ContinuousClock.Instant) -> Int64 {
        let reference = ContinuousClock.now
        let nanoseconds = now()
        return nanoseconds - Int64((reference - instant).nanoseconds.rounded())
    }
}
