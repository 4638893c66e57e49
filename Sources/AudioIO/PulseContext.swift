import CPulse
import RealtimeCore
import Synchronization

/// A connection to a PulseAudio server through the asynchronous API, run by a `pa_threaded_mainloop`,
/// with synchronous wrappers for the few requests rtconsole makes (device lists, module load/unload).
///
/// Threading: every C callback is a closure written in this library module, recovers
/// its reply object from `userdata` with `Unmanaged`, and only stores data in that `Sendable` object
/// (a `Mutex` or ``OneShot``); the caller waits on it without holding the mainloop lock. Every pa_* call
/// made from outside the mainloop thread holds the mainloop lock. A reply is retained for its operation
/// and released by the operation's last callback; if the server never answers, the caller gives up after
/// ``timeout`` and the reply is leaked rather than risk a callback into freed memory.
///
/// Not thread-safe: one caller uses a context and lets it go (a ``PulseRecording`` keeps its context while
/// it runs).
final class PulseContext {
    /// How long to wait for the connection and for each request.
    static let timeout = Duration.seconds(5)

    let server: PulseServer
    let mainloop: OpaquePointer
    let context: OpaquePointer
    /// Completed with true once the context is ready, false if it failed or terminated first.
    private let connection = OneShot<Bool>()

    /// Connects to the server.
    ///
    /// - Parameters:
    ///   - server: the server to use.
    ///   - clientName: the client name the server shows.
    ///   - threadName: the name of the mainloop's thread, as `top -H` shows it (at most 15 bytes).
    /// - Throws: ``AudioError`` if the server cannot be reached within ``timeout``.
    init(server: PulseServer, clientName: String, threadName: String) throws(AudioError) {
        self.server = server
        guard let mainloop = pa_threaded_mainloop_new() else {
            throw AudioError.streamFailed("create a main loop", reason: "out of memory")
        }
        guard let context = pa_context_new(pa_threaded_mainloop_get_api(mainloop), clientName) else {
            pa_threaded_mainloop_free(mainloop)
            throw AudioError.streamFailed("create a client context", reason: "out of memory")
        }
        self.mainloop = mainloop
        self.context = context
        // `connection` lives as long as self; deinit clears the callback before it goes away.
        pa_context_set_state_callback(
            context,
            { context, userdata in
                guard let context, let userdata else { return }
                let connection = Unmanaged<OneShot<Bool>>.fromOpaque(userdata).takeUnretainedValue()
                switch pa_context_get_state(context) {
                case PA_CONTEXT_READY: connection.complete(true)
                case PA_CONTEXT_FAILED, PA_CONTEXT_TERMINATED: connection.complete(false)
                default: break
                }
            },
            Unmanaged.passUnretained(connection).toOpaque()
        )
        guard pa_context_connect(context, server.argument, PA_CONTEXT_NOAUTOSPAWN, nil) >= 0 else {
            throw AudioError.serverUnreachable(server, reason: errorMessage())
        }
        pa_threaded_mainloop_set_name(mainloop, ThreadName.kernelName(threadName))
        guard pa_threaded_mainloop_start(mainloop) >= 0 else {
            throw AudioError.streamFailed("start a main loop thread", reason: errorMessage())
        }
        switch connection.wait(timeout: Self.timeout) {
        case true?: return
        case false?: throw AudioError.serverUnreachable(server, reason: locked { errorMessage() })
        case nil: throw AudioError.timedOut("accept a connection", server: server)
        }
    }

    deinit {
        pa_threaded_mainloop_lock(mainloop)
        pa_context_set_state_callback(context, nil, nil)
        pa_context_disconnect(context)
        pa_context_unref(context)
        pa_threaded_mainloop_unlock(mainloop)
        pa_threaded_mainloop_stop(mainloop)
        pa_threaded_mainloop_free(mainloop)
    }

    /// The names of the default sink and source.
    func defaultDeviceNames() throws(AudioError) -> (sink: String, source: String) {
        let reply = OneShot<(sink: String, source: String)>()
        try perform("report its default devices", reply) { context, userdata in
            pa_context_get_server_info(
                context,
                { _, info, userdata in
                    let reply = Unmanaged<OneShot<(sink: String, source: String)>>.fromOpaque(userdata!)
                    let sink = info?.pointee.default_sink_name.map { String(cString: $0) } ?? ""
                    let source = info?.pointee.default_source_name.map { String(cString: $0) } ?? ""
                    reply.takeUnretainedValue().complete((sink, source))
                    reply.release()
                },
                userdata
            )
        }
        guard let names = reply.wait(timeout: Self.timeout) else { throw AudioError.timedOut("report its default devices", server: server) }
        return names
    }

    /// The server's sinks (`isInput` false) or sources (`isInput` true), all marked not default.
    func devices(isInput: Bool) throws(AudioError) -> [AudioDevice] {
        let reply = DeviceListReply()
        let what = isInput ? "list its sources" : "list its sinks"
        try perform(what, reply) { context, userdata in
            if isInput {
                pa_context_get_source_info_list(
                    context,
                    { _, info, eol, userdata in
                        let reply = Unmanaged<DeviceListReply>.fromOpaque(userdata!)
                        if let info, eol == 0 {
                            let device = AudioDevice(
                                name: String(cString: info.pointee.name),
                                description: info.pointee.description.map { String(cString: $0) } ?? "",
                                isInput: true,
                                isDefault: false,
                                isMonitor: info.pointee.monitor_of_sink != UInt32.max
                            )
                            reply.takeUnretainedValue().devices.withLock { $0.append(device) }
                        } else {
                            reply.takeUnretainedValue().finished.complete(eol > 0)
                            reply.release()
                        }
                    },
                    userdata
                )
            } else {
                pa_context_get_sink_info_list(
                    context,
                    { _, info, eol, userdata in
                        let reply = Unmanaged<DeviceListReply>.fromOpaque(userdata!)
                        if let info, eol == 0 {
                            let device = AudioDevice(
                                name: String(cString: info.pointee.name),
                                description: info.pointee.description.map { String(cString: $0) } ?? "",
                                isInput: false,
                                isDefault: false
                            )
                            reply.takeUnretainedValue().devices.withLock { $0.append(device) }
                        } else {
                            reply.takeUnretainedValue().finished.complete(eol > 0)
                            reply.release()
                        }
                    },
                    userdata
                )
            }
        }
        switch reply.finished.wait(timeout: Self.timeout) {
        case true?: return reply.devices.withLock { $0 }
        case false?: throw AudioError.streamFailed(what, reason: locked { errorMessage() })
        case nil: throw AudioError.timedOut(what, server: server)
        }
    }

    /// Loads a module.
    ///
    /// - Parameters:
    ///   - name: the module (`module-echo-cancel`).
    ///   - arguments: its argument string.
    /// - Returns: the module's index, for ``unloadModule(_:)``.
    func loadModule(_ name: String, arguments: String) throws(AudioError) -> UInt32 {
        let reply = OneShot<UInt32>()
        try perform("load \(name)", reply) { context, userdata in
            pa_context_load_module(
                context,
                name,
                arguments,
                { _, index, userdata in
                    let reply = Unmanaged<OneShot<UInt32>>.fromOpaque(userdata!)
                    reply.takeUnretainedValue().complete(index)
                    reply.release()
                },
                userdata
            )
        }
        guard let index = reply.wait(timeout: Self.timeout) else { throw AudioError.timedOut("load \(name)", server: server) }
        guard index != UInt32.max else { throw AudioError.moduleFailed("load \(name) \(arguments)", reason: locked { errorMessage() }) }
        return index
    }

    /// Unloads a module loaded by ``loadModule(_:arguments:)``.
    func unloadModule(_ index: UInt32) throws(AudioError) {
        let reply = OneShot<Bool>()
        try perform("unload module #\(index)", reply) { context, userdata in
            pa_context_unload_module(
                context,
                index,
                { _, success, userdata in
                    let reply = Unmanaged<OneShot<Bool>>.fromOpaque(userdata!)
                    reply.takeUnretainedValue().complete(success != 0)
                    reply.release()
                },
                userdata
            )
        }
        switch reply.wait(timeout: Self.timeout) {
        case true?: return
        case false?: throw AudioError.moduleFailed("unload module #\(index)", reason: locked { errorMessage() })
        case nil: throw AudioError.timedOut("unload module #\(index)", server: server)
        }
    }

    /// Starts an operation with `reply` retained as its userdata; the operation's last callback releases it.
    private func perform<Reply: AnyObject & Sendable>(
        _ what: String,
        _ reply: Reply,
        _ start: (OpaquePointer, UnsafeMutableRawPointer) -> OpaquePointer?
    ) throws(AudioError) {
        let userdata = Unmanaged.passRetained(reply).toOpaque()
        let failure: String? = locked {
            guard let operation = start(context, userdata) else { return errorMessage() }
            pa_operation_unref(operation)
            return nil
        }
        if let failure {
            Unmanaged<Reply>.fromOpaque(userdata).release()
            throw AudioError.streamFailed(what, reason: failure)
        }
    }

    /// Creates a stream of 24 kHz mono S16LE on this context, not yet connected.
    ///
    /// - Parameters:
    ///   - name: the stream name the server shows.
    ///   - direction: what the error names if it cannot be made.
    func makeStream(named name: String, direction: PulseStreamError.Direction) throws(AudioError) -> OpaquePointer {
        var spec = pa_sample_spec(format: PA_SAMPLE_S16LE, rate: UInt32(PCM.sampleRate), channels: 1)
        guard let stream = locked({ pa_stream_new(context, name, &spec, nil) }) else {
            throw AudioError.streamFailed("create an \(direction.name) stream", reason: locked { errorMessage() })
        }
        return stream
    }

    /// Runs `body` with the mainloop lock held.
    func locked<T>(_ body: () -> T) -> T {
        pa_threaded_mainloop_lock(mainloop)
        defer { pa_threaded_mainloop_unlock(mainloop) }
        return body()
    }

    /// libpulse's explanation of the context's last error (call with the lock held once the loop runs).
    func errorMessage() -> String {
        pa_strerror(pa_context_errno(context)).map { String(cString: $0) } ?? "unknown error"
    }
}
