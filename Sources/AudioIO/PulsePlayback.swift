import CPulse
import RealtimeCore
import Synchronization

/// A playback stream on PulseAudio's asynchronous API, written on the mainloop thread.
///
/// The owner's `service` closure runs on the `pa_threaded_mainloop` thread whenever there may be work: the
/// server asked for audio (the write callback), the owner called ``Waker/wake()`` (audio was queued, a flush
/// was asked for), or the timer the service set with ``PlaybackStreamAccess/serviceAgain(after:)`` fired. It
/// writes what is queued right there. Compared with `pa_simple_write` on a thread of its own this saves two
/// thread wake-ups for every write (the writer waking the mainloop to send, the mainloop waking the writer
/// when the server asks for more): the output track of a GPT-Live call never stops.
///
/// Threading: the callbacks are closures in this library module; they recover the ``Driver`` from
/// `userdata` with `Unmanaged` and call only its `Sendable` members. The waker is a pipe watched by the
/// mainloop, so waking it takes no lock. Every pa_* call from another thread holds the mainloop lock.
final class PulsePlayback {
    /// Wakes the mainloop to run the service once more, from any thread, without taking a lock.
    final class Waker: Sendable {
        fileprivate let pipe: WakeUpPipe

        init() throws(AudioError) {
            do {
                pipe = try WakeUpPipe()
            } catch {
                throw AudioError.streamFailed("create a wake-up pipe", reason: error.reason)
            }
        }

        /// Asks for a service run (several calls before it runs may make one run).
        func wake() {
            pipe.signal()
        }
    }

    /// What the callbacks share with the owner.
    fileprivate final class Driver: Sendable {
        let service: @Sendable (PlaybackStreamAccess) -> Void
        /// Whether the stream became ready, or why it failed.
        let status: PulseStreamStatus
        /// What the owner signals to have the service run; its pipe is watched by the mainloop.
        let waker: Waker
        /// The stream and the context, as addresses (set once, before any callback can run).
        let streamAddress: Int
        let contextAddress: Int
        /// The timer of ``PlaybackStreamAccess/serviceAgain(after:)``, as an address (0 until first set);
        /// touched on the mainloop thread only.
        let timerAddress = Atomic<Int>(0)

        init(
            stream: OpaquePointer, context: OpaquePointer, waker: Waker, service: @escaping @Sendable (PlaybackStreamAccess) -> Void,
            onFailure: @escaping @Sendable () -> Void
        ) {
            streamAddress = Int(bitPattern: UnsafeRawPointer(stream))
            contextAddress = Int(bitPattern: UnsafeRawPointer(context))
            self.waker = waker
            self.service = service
            status = PulseStreamStatus(onFailure: onFailure)
        }

        /// Runs the service (on the mainloop thread, the lock held), once the stream is ready.
        func serve() {
            guard let stream = OpaquePointer(bitPattern: streamAddress), pa_stream_get_state(stream) == PA_STREAM_READY else { return }
            service(PlaybackStreamAccess(stream: stream, driver: self))
        }

        /// Sets the timer to run the service `delay` from now (on the mainloop thread).
        func serveAgain(after delay: Duration) {
            guard let context = OpaquePointer(bitPattern: contextAddress) else { return }
            let due = pa_rtclock_now() + pa_usec_t(max(0, delay / .microseconds(1)))
            if let timer = OpaquePointer(bitPattern: timerAddress.load(ordering: .relaxed)) {
                pa_context_rttime_restart(context, timer, due)
                return
            }
            let timer = pa_context_rttime_new(
                context, due,
                { _, _, _, userdata in
                    guard let userdata else { return }
                    Unmanaged<Driver>.fromOpaque(userdata).takeUnretainedValue().serve()
                },
                Unmanaged.passUnretained(self).toOpaque())
            timerAddress.store(timer.map { Int(bitPattern: UnsafeRawPointer($0)) } ?? 0, ordering: .relaxed)
        }

        /// Disarms the timer (on the mainloop thread).
        func cancelServingAgain() {
            guard let context = OpaquePointer(bitPattern: contextAddress),
                let timer = OpaquePointer(bitPattern: timerAddress.load(ordering: .relaxed))
            else { return }
            pa_context_rttime_restart(context, timer, pa_usec_t.max) // PA_USEC_INVALID: disables the timer
        }
    }

    private let context: PulseContext
    private let stream: OpaquePointer
    private let driver: Driver
    private let driverPointer: UnsafeMutableRawPointer
    private let wakeEvent: OpaquePointer
    private var closed = false

    /// Connects a playback stream; the service runs as soon as the server asks for audio.
    ///
    /// - Parameters:
    ///   - device: a sink name, or nil for the server's default.
    ///   - server: the server to use.
    ///   - applicationName: the client name the server shows.
    ///   - streamName: the stream name the server shows.
    ///   - bufferSamples: the target latency (`tlength`), in samples; the server treats it as a hint.
    ///   - waker: what the owner calls to have the service run.
    ///   - service: called on the mainloop thread with the stream; it must return quickly.
    ///   - onFailure: called on the mainloop thread once if the stream fails after it started (the server
    ///     went away); ``failureReason`` then says why.
    /// - Throws: ``AudioError`` — server unreachable, no such device (listing those that exist), or refused.
    init(
        device: String?,
        server: PulseServer,
        applicationName: String,
        streamName: String,
        bufferSamples: Int,
        waker: Waker,
        service: @escaping @Sendable (PlaybackStreamAccess) -> Void,
        onFailure: @escaping @Sendable () -> Void
    ) throws(AudioError) {
        let context = try PulseContext(server: server, clientName: applicationName, threadName: "pulse.playback")
        let stream = try context.makeStream(named: streamName, direction: .playback)
        let driver = Driver(stream: stream, context: context.context, waker: waker, service: service, onFailure: onFailure)
        // Retained for as long as the callbacks may run; close() clears them before releasing it.
        let driverPointer = Unmanaged.passRetained(driver).toOpaque()
        let unset = UInt32.max
        var attributes = pa_buffer_attr(maxlength: unset, tlength: UInt32(bufferSamples * 2), prebuf: unset, minreq: unset, fragsize: unset)
        let flags = pa_stream_flags_t(
            rawValue: PA_STREAM_INTERPOLATE_TIMING.rawValue | PA_STREAM_AUTO_TIMING_UPDATE.rawValue | PA_STREAM_ADJUST_LATENCY.rawValue)
        let (wakeEvent, connected) = context.locked { () -> (OpaquePointer?, Bool) in
            pa_stream_set_state_callback(
                stream,
                { stream, userdata in
                    guard let stream, let userdata else { return }
                    Unmanaged<Driver>.fromOpaque(userdata).takeUnretainedValue().status.streamChanged(stream)
                },
                driverPointer
            )
            pa_stream_set_write_callback(
                stream,
                { _, _, userdata in
                    guard let userdata else { return }
                    Unmanaged<Driver>.fromOpaque(userdata).takeUnretainedValue().serve()
                },
                driverPointer
            )
            let api = pa_threaded_mainloop_get_api(context.mainloop)
            let wakeEvent = api?.pointee.io_new(
                api, waker.pipe.readDescriptor, PA_IO_EVENT_INPUT,
                { _, _, _, _, userdata in
                    guard let userdata else { return }
                    let driver = Unmanaged<Driver>.fromOpaque(userdata).takeUnretainedValue()
                    driver.waker.pipe.drain()
                    driver.serve()
                },
                driverPointer)
            guard wakeEvent != nil else { return (nil, false) }
            return (wakeEvent, pa_stream_connect_playback(stream, device, &attributes, flags, nil, nil) >= 0)
        }
        self.context = context
        self.stream = stream
        self.driver = driver
        self.driverPointer = driverPointer
        guard let wakeEvent else {
            context.locked {
                pa_stream_set_state_callback(stream, nil, nil)
                pa_stream_set_write_callback(stream, nil, nil)
                pa_stream_unref(stream)
            }
            Unmanaged<Driver>.fromOpaque(driverPointer).release()
            throw AudioError.streamFailed("watch the output stream's wake-up event", reason: "the main loop refused it")
        }
        self.wakeEvent = wakeEvent
        do {
            try driver.status.awaitReady(connected: connected, context: context, direction: .playback, device: device, server: server)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Why the stream failed after it started, or nil while it runs.
    var failureReason: String? {
        driver.status.failureReason
    }

    /// Stops the callbacks and disconnects (the context goes with the last reference).
    private func close() {
        guard !closed else { return }
        closed = true
        context.locked {
            let api = pa_threaded_mainloop_get_api(context.mainloop)
            api?.pointee.io_free(wakeEvent)
            if let timer = OpaquePointer(bitPattern: driver.timerAddress.load(ordering: .relaxed)) { api?.pointee.time_free(timer) }
            pa_stream_set_state_callback(stream, nil, nil)
            pa_stream_set_write_callback(stream, nil, nil)
            pa_stream_disconnect(stream)
            pa_stream_unref(stream)
        }
        Unmanaged<Driver>.fromOpaque(driverPointer).release()
    }
}

/// What a ``PulsePlayback`` service may do with its stream: valid only during the service call, on the
/// mainloop thread.
struct PlaybackStreamAccess {
    fileprivate let stream: OpaquePointer
    fileprivate let driver: PulsePlayback.Driver

    fileprivate init(stream: OpaquePointer, driver: PulsePlayback.Driver) {
        self.stream = stream
        self.driver = driver
    }

    /// How many samples the server has room for now.
    var writableSamples: Int {
        max(0, pa_stream_writable_size(stream) / 2)
    }

    /// Hands `samples` to the server (at most ``writableSamples``; libpulse copies them).
    ///
    /// - Returns: false if the stream refused them (it is failing; its state callback says why).
    func write(_ samples: [Int16]) -> Bool {
        samples.withUnsafeBytes { pa_stream_write(stream, $0.baseAddress, $0.count, nil, 0, PA_SEEK_RELATIVE) } == 0
    }

    /// How long a sample written now takes to be heard, in samples; nil while the server's timing is not
    /// known (at the start and right after a flush).
    func latencySamples() -> Int? {
        var microseconds: pa_usec_t = 0
        var negative: Int32 = 0
        guard pa_stream_get_latency(stream, &microseconds, &negative) == 0 else { return nil }
        return negative != 0 ? 0 : Int(microseconds) * PCM.sampleRate / 1_000_000
    }

    /// Drops everything written that the sink has not taken yet, then, once the server has done it, reads
    /// the latency left (what the sink will still play) with fresh timing, and calls `then` with it (nil if
    /// the server sent no timing) on the mainloop thread. If the stream fails first, `then` is not called,
    /// and its reply stays allocated, as ``PulseContext``'s do, rather than risk a late callback into freed
    /// memory; the owner settles the flush when it handles the failure.
    func flush(then: @escaping @Sendable (PlaybackStreamAccess, Int?) -> Void) {
        let reply = Unmanaged.passRetained(FlushReply(driver: driver, then: then)).toOpaque()
        let flushed = pa_stream_flush(
            stream,
            { stream, _, userdata in
                guard let stream, let userdata else { return }
                let updated = pa_stream_update_timing_info(
                    stream,
                    { stream, _, userdata in
                        guard let stream, let userdata else { return }
                        Unmanaged<FlushReply>.fromOpaque(userdata).takeRetainedValue().finish(stream)
                    },
                    userdata)
                guard let updated else {
                    Unmanaged<FlushReply>.fromOpaque(userdata).takeRetainedValue().finish(stream)
                    return
                }
                pa_operation_unref(updated)
            },
            reply)
        guard let flushed else {
            Unmanaged<FlushReply>.fromOpaque(reply).takeRetainedValue().finish(stream)
            return
        }
        pa_operation_unref(flushed)
    }

    /// Runs the service again `delay` from now (one timer: a later call moves it).
    func serviceAgain(after delay: Duration) {
        driver.serveAgain(after: delay)
    }

    /// Disarms the timer of ``serviceAgain(after:)``.
    func cancelServiceAgain() {
        driver.cancelServingAgain()
    }
}

/// A flush under way: what to call once the server has flushed and sent fresh timing. Retained by the
/// flush's operations and released by the last one.
private final class FlushReply: Sendable {
    let driver: PulsePlayback.Driver
    let then: @Sendable (PlaybackStreamAccess, Int?) -> Void

    init(driver: PulsePlayback.Driver, then: @escaping @Sendable (PlaybackStreamAccess, Int?) -> Void) {
        self.driver = driver
        self.then = then
    }

    /// Reads the latency and calls `then` (on the mainloop thread).
    func finish(_ stream: OpaquePointer) {
        let access = PlaybackStreamAccess(stream: stream, driver: driver)
        then(access, access.latencySamples())
    }
}
