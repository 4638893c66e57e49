import CMalloc

/// glibc's memory allocator set for a long call, so that a process's resident memory stays near what it
/// uses: the full-screen console applies them (and rtbench, where it wires a call as the console does).
public enum MallocSettings {
    /// Above this size a block is mapped on its own and unmapped when freed.
    private static let mmapThreshold: Int32 = 64 * 1024
    /// Free memory at the top of the heap beyond this is given back to the system.
    private static let trimThreshold: Int32 = 128 * 1024

    /// Applies the settings; call before the call's threads start.
    ///
    /// - One arena (`M_ARENA_MAX`): glibc gives each thread that contends for the allocator an arena of its
    ///   own, and the console's threads (the UI, PulseAudio's callbacks, the cooperative pool, NIO) allocate
    ///   and free small objects tens of thousands of times a second. Over a call the free space of a dozen
    ///   arenas fragments: measured here after 20 minutes of conversation, 12 arenas held 7.2 MB for 3.6 MB
    ///   in use, and the gap kept growing; with one arena the same call held 3.9 MB for 3.3 MB, and stayed
    ///   there. The console's allocation rate is far too low for one lock to matter.
    /// - Fixed mapping and trimming thresholds (`M_MMAP_THRESHOLD`, `M_TRIM_THRESHOLD`): by default glibc
    ///   raises both each time a mapped block is freed, up to 32 MB, after which large short-lived blocks
    ///   (a history file read at start, a replayed conversation) are carved from the heap and leave it
    ///   larger for good. Measured here with a 1,192-item history: 12.2 MB of anonymous memory at start
    ///   with the defaults, 9.5 MB with these.
    public static func apply() {
        _ = mallopt(rt_malloc_arena_max, 1)
        _ = mallopt(rt_malloc_mmap_threshold, mmapThreshold)
        _ = mallopt(rt_malloc_trim_threshold, trimThreshold)
    }

    /// Gives the pages of free memory inside the heap back to the system (`malloc_trim`).
    ///
    /// The console calls it after each autosave, on the autosave thread: a write and a replayed
    /// conversation (after a rollover) leave freed blocks among the ones in use, which the thresholds above
    /// cannot return; measured here after a rollover with 1,192 items, a trim took RSS down by 1.1 MB. It
    /// holds the allocator's lock while it walks the free blocks (a few thousand), a fraction of a
    /// millisecond every few seconds.
    @Sendable public static func returnFreePages() {
        _ = malloc_trim(0)
    }
}
