import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into calls on a dispatch queue, so the console can shut down in order
/// (terminal first) instead of dying with the terminal in raw mode.
///
/// The signals are ignored at the C level and delivered through `DispatchSource`: no Swift code runs in a
/// signal handler. SIGWINCH is never touched: ncurses handles it and reports `KEY_RESIZE`.
public final class SignalTrap {
    /// The signals trapped.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let sources: [any DispatchSourceSignal]

    /// Starts trapping.
    ///
    /// - Parameter handler: called with the signal number (and how many of them arrived so far), on a private queue.
    public init(_ handler: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void) {
        let queue = DispatchQueue(label: "rtconsole.signals")
        let count = Mutex(0)
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let seen = count.withLock { value in
                    value += 1
                    return value
                }
                handler(number, seen)
            }
            source.resume()
            return source
        }
    }

    /// Stops trapping and gives the signals their default actions back.
    public func cancel() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }

    /// The signal's name, e.g. `SIGTERM`.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
