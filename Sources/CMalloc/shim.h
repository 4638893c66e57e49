// glibc's malloc tuning (mallopt), which Swift's Glibc module does not import.
#include <malloc.h>

// mallopt's parameters are macros Swift cannot import; these name them.
static const int rt_malloc_arena_max = M_ARENA_MAX;
static const int rt_malloc_mmap_threshold = M_MMAP_THRESHOLD;
static const int rt_malloc_trim_threshold = M_TRIM_THRESHOLD;
