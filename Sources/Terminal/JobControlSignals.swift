import Dispatch
import Foundation
import Synchronization

/// Takes SIGTSTP and SIGCONT away from ncurses and hands them to the UI thread.
///
/// ncurses installs a SIGTSTP handler that leaves and re-enters curses from inside the signal handler, on
/// whichever thread the signal lands, while the UI thread may be drawing: the screen could come back
/// garbled. Here SIGTSTP is ignored at the C level before curses starts (so ncurses leaves it alone) and
/// delivered through `DispatchSource`; the console suspends itself on its own thread. SIGCONT, which also
/// ends a `kill -STOP`, asks for a whole redraw.
final class JobControlSignals: Sendable {
    /// The two sources; a mutex makes them safe to cancel from the UI thread that outlives the caller.
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Starts watching; call before curses starts.
    ///
    /// - Parameters:
    ///   - suspend: called on a private queue when a SIGTSTP arrives (`kill -TSTP`; in raw mode Ctrl-Z is a key).
    ///   - resumed: called on a private queue when the process was continued.
    init(suspend: @escaping @Sendable () -> Void, resumed: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "rtconsole.job-control")
        signal(SIGTSTP, SIG_IGN)
        let stop = DispatchSource.makeSignalSource(signal: SIGTSTP, queue: queue)
        stop.setEventHandler(handler: suspend)
        let resume = DispatchSource.makeSignalSource(signal: SIGCONT, queue: queue)
        resume.setEventHandler(handler: resumed)
        stop.resume()
        resume.resume()
        sources = Mutex([stop, resume])
    }

    /// Stops watching and gives SIGTSTP its default action back.
    func cancel() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
        signal(SIGTSTP, SIG_DFL)
    }

    /// Stops this process the way a shell's job control expects (the shell reports it stopped, and `fg`
    /// or SIGCONT continues it); returns once it was continued. The terminal must be restored first.
    static func stopProcess() {
        kill(getpid(), SIGSTOP)
    }
}
