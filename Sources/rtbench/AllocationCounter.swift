import MallocInterposerSwift

/// Counts heap allocations of this process with ordo-one's malloc interposer.
///
/// `rtbench` links `libMallocInterposerSwift.so` ahead of libc, so its `malloc` family is the one every
/// library of the process resolves to; `scripts/bench` also preloads it with `LD_PRELOAD`, which makes
/// that certain. ``isActive`` checks that counting really works before any figure is trusted.
enum AllocationCounter {
    /// True when allocations are being intercepted (a known allocation is seen by the counter).
    static let isActive: Bool = {
        let counted = count {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
            blackHole(pointer)
            pointer.deallocate()
        }
        return counted.allocations > 0
    }()

    /// Starts counting from zero, on every thread of the process.
    static func start() {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
    }

    /// Stops counting and returns the allocations (calls to the malloc family) and bytes requested since ``start()``.
    static func stop() -> (allocations: Int, bytes: Int) {
        MallocInterposerSwift.unhook()
        let statistics = MallocInterposerSwift.getStatistics()
        return (statistics.mallocCount, statistics.mallocBytesCount)
    }

    /// The allocations made while running `body` (by any thread, so run it where nothing else is working).
    static func count(_ body: () -> Void) -> (allocations: Int, bytes: Int) {
        start()
        body()
        return stop()
    }
}
