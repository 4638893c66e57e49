import CMalloc

/// The full-screen console's memory allocator setting.
///
/// glibc gives each thread that contends for the allocator an arena of its own, and the console's threads
/// (the UI, PulseAudio's callbacks, the cooperative pool, NIO) allocate and free small objects tens of
/// thousands of times a second. Over a call the free space of a dozen arenas fragments: measured here
/// after 20 minutes of conversation, 12 arenas held 7.2 MB for 3.6 MB in use, and the gap kept growing;
/// with one arena the same call held 3.9 MB for 3.3 MB, and stayed there. The console's allocation rate
/// is far too low for one lock to matter.
enum MallocArenas {
    /// Makes every thread share the main arena (glibc's `M_ARENA_MAX`; call before the call's threads start).
    static func shareOne() {
        _ = mallopt(rt_malloc_arena_max, 1)
    }
}
