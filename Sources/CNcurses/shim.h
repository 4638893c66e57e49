#ifndef RTCONSOLE_CNCURSES_SHIM_H
#define RTCONSOLE_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so wide-character curses must be asked for here. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

static inline WINDOW *rt_stdscr(void) { return stdscr; }
static inline int rt_lines(void) { return LINES; }
static inline int rt_cols(void) { return COLS; }
static inline int rt_colors(void) { return COLORS; }
static inline int rt_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t rt_a_bold(void) { return A_BOLD; }
static inline attr_t rt_a_dim(void) { return A_DIM; }
static inline attr_t rt_a_reverse(void) { return A_REVERSE; }
static inline attr_t rt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rt_a_normal(void) { return A_NORMAL; }
#endif
