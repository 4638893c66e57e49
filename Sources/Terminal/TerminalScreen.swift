import CNcurses
import ConsoleUI
import Foundation

/// The terminal under curses: start and stop, draw canvases, read keys. Every curses call of rtconsole
/// is in this module, and this type must be used from one thread only (the console's UI thread).
///
/// Starting sets a UTF-8 locale (falling back to `C.UTF-8` when the environment's is not UTF-8),
/// sends standard error to a log file so nothing writes over the screen, and puts the terminal in raw
/// mode, so Ctrl-C arrives as a key. ncurses keeps its own SIGWINCH handler and reports resizes as
/// `KEY_RESIZE`. Its typeahead check is off: a frame is small, and the check polled standard input twice
/// per frame to decide whether to cut it short. A crash handler restores the terminal if the process
/// dies of a fatal signal.
final class TerminalScreen {
    /// True when the locale is UTF-8 (else the console draws with ASCII).
    let isUTF8: Bool
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var scheme: ColorScheme
    /// The cells on the terminal, row by row, ``shownWidth`` wide: a buffer of this screen's own, updated
    /// cell by cell, so it never shares storage with a canvas being drawn over (which would then be copied).
    private var shown: [Canvas.Cell] = []
    private var shownWidth = 0
    /// True when the terminal shows something ``shown`` does not know (at start, after a resize).
    private var shownIsStale = true
    private var savedStandardError: Int32 = -1
    private var stopped = false

    /// Checks what can be checked without touching the terminal.
    ///
    /// - Throws: `TerminalError` when standard input or output is not a terminal, or `TERM` is unset or `dumb`.
    static func checkEnvironment(_ environment: [String: String]) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("the full-screen console needs a terminal on standard input and output; use --headless for scripts and pipes")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalError(
                "TERM is not set, so the terminal's capabilities are unknown; set it (for example TERM=xterm-256color) or use --headless")
        }
        guard term != "dumb" else {
            throw TerminalError("TERM=dumb cannot run a full-screen console; use a terminal emulator, set TERM=xterm-256color, or use --headless")
        }
    }

    /// Starts curses.
    ///
    /// - Parameters:
    ///   - theme: the colours.
    ///   - monochrome: the theme for a terminal with fewer than eight colours.
    ///   - logFile: where standard error goes while the screen is up (nil leaves it alone).
    /// - Throws: `TerminalError` when curses cannot start on this terminal.
    init(theme: Theme, monochrome: Theme, logFile: URL?) throws(TerminalError) {
        setlocale(LC_ALL, "")
        var utf8 = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        if !utf8, setlocale(LC_CTYPE, "C.UTF-8") != nil {
            utf8 = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        }
        isUTF8 = utf8
        rt_install_crash_restore()
        guard let screen = rt_newterm(nil) else {
            rt_remove_crash_restore()
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw TerminalError(
                "cannot start the full-screen console on terminal type '\(term)' (not in the terminfo database?); set TERM=xterm-256color or use --headless"
            )
        }
        self.screen = screen
        guard let window = rt_stdscr() else {
            endwin()
            delscreen(screen)
            rt_remove_crash_restore()
            throw TerminalError("curses started without a screen; use --headless")
        }
        self.window = window
        raw()
        noecho()
        nonl()
        keypad(window, true)
        Self.defineHomeAndEnd()
        typeahead(-1)
        set_escdelay(25)
        curs_set(0)
        var defaultColors = false
        var colors = 0
        if has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colors = Int(rt_colors())
        }
        let usable = colors >= 8 ? theme : monochrome
        scheme = ColorScheme(theme: usable, colorCount: colors, pairLimit: Int(rt_color_pairs()), defaultColors: defaultColors)
        if let logFile { redirectStandardError(to: logFile) }
    }

    /// Home and End as every common terminal sends them, whatever `TERM` says: under tmux or screen with
    /// `TERM=xterm-256color`, for instance, the keys arrive as `ESC [1~` and `ESC [4~`, which xterm's
    /// terminfo entry does not list, so curses would hand them over as four separate characters.
    private static func defineHomeAndEnd() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ]
        for (sequence, key) in sequences where key_defined(sequence) != key {
            define_key(sequence, key)
        }
    }

    deinit {
        stop()
    }

    /// The screen's size now.
    var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Waits up to `milliseconds` until standard input has bytes, `wakeDescriptor` becomes readable, or a
    /// signal (a resize) arrives. Keys already read ahead by curses are taken by ``read()`` first, so
    /// call this only after ``read()`` returned nil.
    func waitForInput(timeoutMilliseconds milliseconds: Int32, wakeDescriptor: Int32) {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
    }

    /// A key or a resize that is ready now, without waiting.
    func read() -> TerminalInput? {
        wtimeout(window, 0)
        var character: wint_t = 0
        switch wget_wch(window, &character) {
        case KEY_CODE_YES:
            if Int32(character) == KEY_RESIZE {
                shownIsStale = true
                return .resize(width: size.width, height: size.height)
            }
            return KeyDecoder.decode(functionKey: Int32(character)).map(TerminalInput.key)
        case OK:
            return KeyDecoder.decode(character: UInt32(character)).map(TerminalInput.key)
        default:
            return nil
        }
    }

    /// Draws a canvas, sending only the cells that changed since the last one.
    ///
    /// - Parameter rows: the only rows that can differ from the last canvas (all when nil).
    func draw(_ canvas: Canvas, rows: Range<Int>? = nil) {
        let (width, height) = size
        if shownIsStale || shownWidth != canvas.width || shown.count != canvas.cells.count {
            shown = canvas.cells
            shownWidth = canvas.width
            shownIsStale = false
            clearok(window, true)
            send(canvas, rows: 0..<canvas.height, width: width, height: height, onlyChanged: false)
        } else {
            send(canvas, rows: rows ?? 0..<canvas.height, width: width, height: height, onlyChanged: true)
        }
        if let cursor = canvas.cursor, cursor.x < width, cursor.y < height {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    /// Hands curses the cells of `rows` that fit the screen (only those that differ from ``shown`` when
    /// `onlyChanged`), and records them as shown.
    private func send(_ canvas: Canvas, rows: Range<Int>, width: Int, height: Int, onlyChanged: Bool) {
        let columns = min(width, canvas.width)
        var cell = cchar_t()
        var lastStyle: CellStyle?
        var look = scheme.look(CellStyle(.text))
        canvas.cells.withUnsafeBufferPointer { cells in
            shown.withUnsafeMutableBufferPointer { shown in
                for y in rows.clamped(to: 0..<min(height, canvas.height)) {
                    for x in 0..<columns {
                        let index = y * canvas.width + x
                        let current = cells[index]
                        if onlyChanged {
                            guard shown[index] != current else { continue }
                            shown[index] = current
                        }
                        guard current.width > 0, current.width == 1 || x + 1 < width else { continue }
                        if current.style != lastStyle {
                            lastStyle = current.style
                            look = scheme.look(current.style)
                        }
                        current.withTerminatedScalars { scalars in
                            scalars.withMemoryRebound(to: wchar_t.self, capacity: Canvas.Cell.scalarLimit + 1) {
                                _ = setcchar(&cell, $0, look.attributes, look.pair, nil)
                            }
                        }
                        mvwadd_wch(window, Int32(y), Int32(x), &cell)
                    }
                }
            }
        }
    }

    /// Puts the terminal back as it was before curses (for a suspend): cooked mode, main screen, cursor shown.
    func leaveForSuspend() {
        curs_set(1)
        endwin()
        fflush(nil) // curses writes through stdio: the shell must see the main screen before the process stops
    }

    /// Takes the terminal again after a suspend: curses re-enters its mode at the next draw, which repaints
    /// every cell, since the terminal shows whatever the shell left there.
    func returnFromSuspend() {
        shownIsStale = true
    }

    /// Forgets what the terminal shows, so the next draw repaints every cell.
    func invalidate() {
        shownIsStale = true
    }

    /// Ends curses and puts the terminal and standard error back. Safe to call twice.
    func stop() {
        guard !stopped else { return }
        stopped = true
        curs_set(1)
        endwin()
        delscreen(screen)
        rt_remove_crash_restore()
        if savedStandardError >= 0 {
            dup2(savedStandardError, STDERR_FILENO)
            close(savedStandardError)
            savedStandardError = -1
        }
    }

    private func redirectStandardError(to url: URL) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let log = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { return }
        savedStandardError = dup(STDERR_FILENO)
        dup2(log, STDERR_FILENO)
        close(log)
    }
}
