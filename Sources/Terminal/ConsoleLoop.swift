import CNcurses
import ConsoleUI
import Foundation
import RealtimeCore
import Synchronization

/// Runs the console on a thread of its own: the only thread that calls curses.
///
/// The thread owns the `ConsoleModel`. Other threads and tasks hand it actions with `post(_:)` (a locked
/// queue, and a byte down a pipe if the thread sleeps longer than a frame); what the reducer asks for comes
/// out of `effects`.
/// The thread waits for keys, a post or the clock: a frame is drawn when something visible changed, at
/// most 30 times a second for keys and 15 times for everything else (``FramePacer``). While the model
/// times a key (a debounce, push-to-talk settling) the wait is one key frame; while it wants frequent
/// ticks for what it shows (meters, a countdown) the wait is one session frame; otherwise the thread
/// sleeps until the next clock on screen moves (``ConsoleModel/idleTickDelay(limit:)``), so an idle
/// console wakes about once a second. The cooperative thread pool is never blocked.
public final class ConsoleLoop: Sendable {
    /// The shortest time between two frames, and between two ticks while a key is being timed.
    public static let frameMilliseconds: Int32 = 33
    /// The shortest time between two frames that no key asked for, and between two frequent ticks.
    public static let sessionFrameMilliseconds: Int32 = 66
    /// The longest wait while nothing moves.
    public static let idleMilliseconds: Int32 = 1000

    /// What the reducer asks the application to do, in order. Finishes when the loop ends.
    public let effects: AsyncStream<ConsoleEffect>
    private let effectSink: AsyncStream<ConsoleEffect>.Continuation
    /// Posts waiting for the UI thread. Lock-free: the session's event loop posts every update here and must
    /// never wait for the UI thread.
    private let inbox = LockFreeInbox<ConsoleAction>()
    private let stopRequested = Atomic<Bool>(false)
    private let suspendRequested = Atomic<Bool>(false)
    private let redrawRequested = Atomic<Bool>(false)
    private let savedModes = Mutex<termios?>(nil)
    private let state = Mutex<RunState>(RunState())
    private let wakePipe: WakePipe?

    /// The loop's progress, for the tasks that wait on it.
    private struct RunState {
        var startWaiter: CheckedContinuation<Void, any Error>?
        var ended = false
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Creates a loop; nothing happens until `start`.
    public init() {
        (effects, effectSink) = AsyncStream.makeStream(of: ConsoleEffect.self, bufferingPolicy: .unbounded)
        wakePipe = try? WakePipe()
    }

    /// Checks that the console can run here (a terminal on stdin and stdout, a usable `TERM`).
    public static func checkEnvironment(_ environment: [String: String]) throws(TerminalError) {
        try TerminalScreen.checkEnvironment(environment)
    }

    /// Starts the UI thread and waits until curses is up.
    ///
    /// - Parameters:
    ///   - model: the starting state (its size and glyphs are set from the terminal).
    ///   - theme: the colours.
    ///   - monochrome: the theme for a terminal with fewer than eight colours.
    ///   - logFile: where standard error goes while the screen is up.
    ///   - sample: state the UI reads rather than being told (the speaker's level, the audio streams'
    ///     state), as actions; called on the UI thread at every turn of its loop, so at the frame rate
    ///     while the model wants frequent ticks, and at least once a second otherwise. It must be quick.
    /// - Throws: `TerminalError` when curses cannot start; the terminal is left as it was.
    public func start(
        model: ConsoleModel, theme: Theme, monochrome: Theme, logFile: URL?,
        sample: @escaping @Sendable () -> [ConsoleAction] = { [] }
    ) async throws(TerminalError) {
        var modes = termios()
        if tcgetattr(STDIN_FILENO, &modes) == 0 { savedModes.withLock { $0 = modes } }
        let jobControl = JobControlSignals(
            suspend: { [self] in
                suspendRequested.store(true, ordering: .releasing)
                wakePipe?.wake()
            },
            resumed: { [self] in
                redrawRequested.store(true, ordering: .releasing)
                wakePipe?.wake()
            })
        let thread = Thread { [self] in
            ThreadName.setCurrent("rtconsole.ui")
            run(model: model, theme: theme, monochrome: monochrome, logFile: logFile, sample: sample)
            jobControl.cancel()
        }
        thread.stackSize = 4 << 20
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { $0.startWaiter = continuation }
                thread.start()
            }
        } catch let error as TerminalError {
            throw error
        } catch {
            throw TerminalError("the console could not start: \(error)")
        }
    }

    /// Hands an action to the UI thread (from any thread).
    public func post(_ action: ConsoleAction) {
        inbox.post(action)
        wakePipe?.wake()
    }

    /// Asks the UI thread to restore the terminal and end (from any thread).
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wakePipe?.wake()
    }

    /// Waits until the UI thread has restored the terminal.
    public func waitUntilEnded() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = state.withLock { state -> Bool in
                if !state.ended { state.endWaiters.append(continuation) }
                return state.ended
            }
            if ended { continuation.resume() }
        }
    }

    /// The last resort when the UI thread cannot be reached (a second signal, a hung shutdown): puts back the
    /// terminal modes saved at start, leaves the alternate screen and shows the cursor. Safe from any thread.
    public func emergencyRestore() {
        if var modes = savedModes.withLock({ $0 }) { tcsetattr(STDIN_FILENO, TCSANOW, &modes) }
        let reset = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"
        _ = reset.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
    }

    // MARK: The UI thread

    private func run(model initial: ConsoleModel, theme: Theme, monochrome: Theme, logFile: URL?, sample: () -> [ConsoleAction]) {
        let screen: TerminalScreen
        do {
            screen = try TerminalScreen(theme: theme, monochrome: monochrome, logFile: logFile)
        } catch {
            finishStart(.failure(error))
            finishRun()
            return
        }
        finishStart(.success(()))
        var model = initial
        model.glyphs = screen.isUTF8 ? .unicode : .ascii
        let size = screen.size
        emit(model.handle(.resize(width: size.width, height: size.height)))
        var canvas = Canvas(width: 0, height: 0)
        var panes = PaneCache()
        var pacer = FramePacer(
            frameInterval: .milliseconds(Int64(Self.frameMilliseconds)), sessionInterval: .milliseconds(Int64(Self.sessionFrameMilliseconds)),
            now: .now)
        while !stopRequested.load(ordering: .acquiring) {
            for action in inbox.takeAll() {
                emit(model.handle(action))
            }
            for action in sample() { emit(model.handle(action)) }
            if suspendRequested.exchange(false, ordering: .acquiringAndReleasing) { suspend(screen, model: &model) }
            if redrawRequested.exchange(false, ordering: .acquiringAndReleasing) {
                screen.invalidate()
                model.needsDisplay = true
            }
            while let input = screen.read() {
                pacer.noteInput()
                switch input {
                case .key(.control("z")): suspend(screen, model: &model)
                case .key(let key): emit(model.handle(.key(key)))
                case .resize(let width, let height): emit(model.handle(.resize(width: width, height: height)))
                }
            }
            emit(model.handle(.tick(Date())))
            var now = ContinuousClock.now
            if var frame = pacer.due(at: now, needsDisplay: model.needsDisplay, needsMeterDisplay: model.needsMeterDisplay) {
                if frame == .full || !ConsoleRenderer.renderMeters(model, onto: &canvas, facts: model.layout) {
                    (canvas, model.layout) = ConsoleRenderer.render(model, cache: &panes)
                    model.needsDisplay = false
                    frame = .full
                }
                model.needsMeterDisplay = false
                screen.draw(canvas, rows: frame == .meters ? model.layout.meters.map { $0.y..<$0.maxY } : nil)
                now = .now
                pacer.drew(frame, at: now)
            }
            var wait = model.timesKey ? Self.frameMilliseconds : Self.sessionFrameMilliseconds
            if !model.wantsFrequentTicks {
                let idle = model.idleTickDelay(limit: Double(Self.idleMilliseconds) / 1000)
                wait = Int32((idle * 1000).rounded(.up))
            }
            let delay = pacer.delay(at: now, needsDisplay: model.needsDisplay, needsMeterDisplay: model.needsMeterDisplay)
            if let delay { wait = max(1, Int32((delay / .milliseconds(1)).rounded(.up))) }
            sleep(on: screen, milliseconds: wait, frameWaiting: delay != nil)
        }
        screen.stop()
        finishRun()
    }

    /// Waits for a key, a post or the timeout, unless a post arrived since the inbox was drained. While a
    /// frame waits (`frameWaiting`, then the wait ends when it is due), and for a wait of a session frame or
    /// less, posts do not cut the wait short: they are taken with that frame, so a busy call does not wake
    /// the thread for every transcript delta and meter level.
    private func sleep(on screen: TerminalScreen, milliseconds: Int32, frameWaiting: Bool) {
        guard let wakePipe, !frameWaiting, milliseconds > Self.sessionFrameMilliseconds else {
            screen.waitForInput(
                timeoutMilliseconds: frameWaiting ? milliseconds : min(milliseconds, Self.sessionFrameMilliseconds), wakeDescriptor: -1)
            return
        }
        wakePipe.fallAsleep()
        if inbox.isEmpty, !stopRequested.load(ordering: .acquiring) {
            screen.waitForInput(timeoutMilliseconds: milliseconds, wakeDescriptor: wakePipe.readDescriptor)
        }
        wakePipe.awaken()
    }

    /// Ctrl-Z or SIGTSTP: gives the terminal back to the shell, stops the process, and once continued takes
    /// the terminal again and repaints all of it at its size now. The call goes on around the pause (the
    /// session and the audio run on other threads).
    private func suspend(_ screen: TerminalScreen, model: inout ConsoleModel) {
        screen.leaveForSuspend()
        JobControlSignals.stopProcess()
        screen.returnFromSuspend()
        let size = screen.size
        emit(model.handle(.resize(width: size.width, height: size.height)))
        model.needsDisplay = true
    }

    private func emit(_ effects: [ConsoleEffect]) {
        for effect in effects { effectSink.yield(effect) }
    }

    private func finishStart(_ result: Result<Void, TerminalError>) {
        let waiter = state.withLock { state in
            defer { state.startWaiter = nil }
            return state.startWaiter
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    private func finishRun() {
        effectSink.finish()
        let waiters = state.withLock { state in
            state.ended = true
            defer { state.endWaiters.removeAll() }
            return state.endWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
