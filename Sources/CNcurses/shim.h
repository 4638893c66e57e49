#ifndef RTCONSOLE_CNCURSES_SHIM_H
#define RTCONSOLE_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so wide-character curses must be asked for here. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
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

/* Starts curses on the process's stdout and stdin without exiting on failure (initscr would exit).
   Swift 6 cannot touch the stdout/stdin globals, hence this wrapper. Returns NULL when the terminal is unusable. */
static inline SCREEN *rt_newterm(const char *term) { return newterm(term, stdout, stdin); }

/* Crash safety net: if the process dies of a fatal signal while curses owns the terminal, put the
   terminal back (saved tty modes, main screen, visible cursor) before the previous handler or the
   default action runs. Only async-signal-safe calls are used in the handler. Call install and remove
   from one Swift file only: the state below is per translation unit. */
struct rt_crash_state {
    struct termios modes;
    int modes_saved;
    struct sigaction previous[NSIG];
};

static inline struct rt_crash_state *rt_crash_state(void) {
    static struct rt_crash_state state;
    return &state;
}

static const int rt_crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };

static void rt_crash_handler(int sig) {
    static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
    struct rt_crash_state *state = rt_crash_state();
    if (state->modes_saved) tcsetattr(STDIN_FILENO, TCSANOW, &state->modes);
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
    sigaction(sig, &state->previous[sig], NULL);
    raise(sig);
}

static inline void rt_install_crash_restore(void) {
    struct rt_crash_state *state = rt_crash_state();
    state->modes_saved = tcgetattr(STDIN_FILENO, &state->modes) == 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = rt_crash_handler;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof rt_crash_signals / sizeof rt_crash_signals[0]; i++) {
        sigaction(rt_crash_signals[i], &action, &state->previous[rt_crash_signals[i]]);
    }
}

static inline void rt_remove_crash_restore(void) {
    struct rt_crash_state *state = rt_crash_state();
    for (size_t i = 0; i < sizeof rt_crash_signals / sizeof rt_crash_signals[0]; i++) {
        sigaction(rt_crash_signals[i], &state->previous[rt_crash_signals[i]], NULL);
    }
}
#endif
