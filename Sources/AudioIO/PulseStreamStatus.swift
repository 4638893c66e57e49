import CPulse
import Synchronization

/// Whether a stream on PulseAudio's asynchronous API became ready, or why it failed: what the stream's state
/// callback reports, shared by ``PulseRecording`` and ``PulsePlayback``.
///
/// The state callback (on the mainloop thread) calls ``streamChanged(_:)``; the opener waits with
/// ``awaitReady(connected:context:direction:device:server:)`` without holding the mainloop lock.
final class PulseStreamStatus: Sendable {
    private let onFailure: @Sendable () -> Void
    /// Completed with nil once the stream is ready, or with libpulse's error code if it failed first.
    private let ready = OneShot<Int32?>()
    /// The error code once the stream failed after it was ready.
    private let failure = Mutex<Int32?>(nil)

    /// - Parameter onFailure: called on the mainloop thread once if the stream fails after it was ready.
    init(onFailure: @escaping @Sendable () -> Void) {
        self.onFailure = onFailure
    }

    /// Notes the stream's new state (from its state callback, on the mainloop thread).
    func streamChanged(_ stream: OpaquePointer) {
        switch pa_stream_get_state(stream) {
        case PA_STREAM_READY:
            ready.complete(nil)
        case PA_STREAM_FAILED, PA_STREAM_TERMINATED:
            let error = pa_context_errno(pa_stream_get_context(stream))
            guard !ready.complete(error) else { return }
            failure.withLock { $0 = error }
            onFailure()
        default:
            break
        }
    }

    /// Waits until the stream is ready.
    ///
    /// - Parameters:
    ///   - connected: whether `pa_stream_connect_*` accepted the request (if not, the context says why).
    ///   - context: the stream's context.
    ///   - direction, device, server: what the error names.
    /// - Throws: ``AudioError`` — server unreachable, no such device (listing those that exist), refused,
    ///   or no answer within ``PulseContext/timeout``.
    func awaitReady(connected: Bool, context: PulseContext, direction: PulseStreamError.Direction, device: String?, server: PulseServer)
        throws(AudioError)
    {
        let error: Int32?? = connected ? ready.wait(timeout: PulseContext.timeout) : .some(context.locked { pa_context_errno(context.context) })
        switch error {
        case .some(nil):
            return
        case .some(let code?):
            throw PulseStreamError.opening(code, direction: direction, device: device, server: server)
        case nil:
            throw AudioError.timedOut("open an \(direction.name) stream", server: server)
        }
    }

    /// Why the stream failed after it was ready, or nil while it runs.
    var failureReason: String? {
        failure.withLock { $0 }.map { PulseStreamError.message($0) }
    }
}
