// glibc's malloc tuning (mallopt), which Swift's Glibc module does not import.
#include <malloc.h>

// M_ARENA_MAX is a macro Swift cannot import; this names it.
static const int rt_malloc_arena_max = M_ARENA_MAX;
