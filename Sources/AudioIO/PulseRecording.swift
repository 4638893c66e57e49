import CPulse
import RealtimeCore
import Synchronization

/// A record stream on PulseAudio's asynchronous API, read on the mainloop thread.
///
/// The server's chunks arrive in a read callback on the `pa_threaded_mainloop` thread, which copies them
/// into whole 20 ms frames and hands each to `onFrame` right there. Compared with `pa_simple_read` on a
/// thread of its own this saves a thread wake-up (and libpulse's locking round trips) for every chunk:
/// capture is the one thing an idle console does fifty times a second. `onFrame` answers with the chunk
/// length it wants next, and the stream asks the server for it: one frame while speech may begin, longer
/// while the microphone is quiet, so a quiet microphone wakes the process less often.
///
/// Threading: the callbacks are closures in this library module; they recover the
/// ``Receiver`` from `userdata` with `Unmanaged` and touch only its `Mutex`-guarded state and its
/// `Sendable` handlers. Every pa_* call from another thread holds the mainloop lock.
final class PulseRecording {
    /// What the callbacks share with the owner.
    private final class Receiver: Sendable {
        let onFrame: @Sendable ([Int16]) -> Duration
        /// Whether the stream became ready, or why it failed.
        let status: PulseStreamStatus
        /// Samples received but not yet a whole frame.
        let pending = Mutex<[Int16]>([])
        /// The chunk length, in bytes, last asked of the server (touched on the mainloop thread only).
        let requestedFragment = Atomic<Int>(PulseRecording.frameBytes)

        init(onFrame: @escaping @Sendable ([Int16]) -> Duration, onFailure: @escaping @Sendable () -> Void) {
            self.onFrame = onFrame
            status = PulseStreamStatus(onFailure: onFailure)
        }

        /// Appends captured bytes (or silence for a hole) and hands over every whole frame.
        ///
        /// - Returns: the chunk length, in bytes, that `onFrame` asked for after the last frame, or nil when
        ///   no frame was complete.
        func receive(_ bytes: UnsafeRawBufferPointer?, count: Int) -> Int? {
            let frames = pending.withLock { pending -> [[Int16]] in
                if let bytes {
                    pending.reserveCapacity(pending.count + count / 2)
                    for offset in stride(from: 0, to: count - 1, by: 2) {
                        pending.append(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                    }
                } else {
                    pending.append(contentsOf: repeatElement(0, count: count / 2))
                }
                var frames: [[Int16]] = []
                var start = 0
                while pending.count - start >= PCM.frameSamples {
                    frames.append(Array(pending[start..<start + PCM.frameSamples]))
                    start += PCM.frameSamples
                }
                pending.removeFirst(start)
                return frames
            }
            var wanted: Int?
            for frame in frames { wanted = max(1, onFrame(frame).sampleCount) * 2 }
            return wanted
        }

        /// Whether `fragment` differs from the chunk length asked of the server last; it is the one asked from now on.
        func changesRequest(to fragment: Int) -> Bool {
            requestedFragment.exchange(fragment, ordering: .relaxed) != fragment
        }
    }

    /// One 20 ms frame of the stream's format, in bytes: the chunk length asked for at first.
    private static let frameBytes = PCM.frameSamples * 2

    private let context: PulseContext
    private let stream: OpaquePointer
    private let receiver: Receiver
    private let receiverPointer: UnsafeMutableRawPointer
    private var closed = false

    /// Connects a record stream and starts delivering frames.
    ///
    /// - Parameters:
    ///   - device: a source name, or nil for the server's default.
    ///   - server: the server to use.
    ///   - applicationName: the client name the server shows.
    ///   - streamName: the stream name the server shows.
    ///   - onFrame: called on the mainloop thread with each 20 ms frame; it must return quickly, with the
    ///     length of the chunks it wants from now on (a whole number of frames, the first one chunk later).
    ///   - onFailure: called on the mainloop thread once if the stream fails after it started (the server
    ///     went away); ``failureReason`` then says why.
    /// - Throws: ``AudioError`` — server unreachable, no such device (listing those that exist), or refused.
    init(
        device: String?,
        server: PulseServer,
        applicationName: String,
        streamName: String,
        onFrame: @escaping @Sendable ([Int16]) -> Duration,
        onFailure: @escaping @Sendable () -> Void
    ) throws(AudioError) {
        let context = try PulseContext(server: server, clientName: applicationName, threadName: "pulse.capture")
        let receiver = Receiver(onFrame: onFrame, onFailure: onFailure)
        let stream = try context.makeStream(named: streamName, direction: .record)
        self.context = context
        self.stream = stream
        self.receiver = receiver
        // Retained for as long as the callbacks may run; deinit clears them before releasing it.
        receiverPointer = Unmanaged.passRetained(receiver).toOpaque()
        var attributes = Self.attributes(fragmentBytes: Self.frameBytes)
        let connected = context.locked { () -> Bool in
            pa_stream_set_state_callback(
                stream,
                { stream, userdata in
                    guard let stream, let userdata else { return }
                    Unmanaged<Receiver>.fromOpaque(userdata).takeUnretainedValue().status.streamChanged(stream)
                },
                receiverPointer
            )
            pa_stream_set_read_callback(
                stream,
                { stream, _, userdata in
                    guard let stream, let userdata else { return }
                    let receiver = Unmanaged<Receiver>.fromOpaque(userdata).takeUnretainedValue()
                    var wanted: Int?
                    while pa_stream_readable_size(stream) > 0 {
                        var data: UnsafeRawPointer?
                        var length = 0
                        guard pa_stream_peek(stream, &data, &length) == 0, length > 0 else { break }
                        wanted = receiver.receive(data.map { UnsafeRawBufferPointer(start: $0, count: length) }, count: length) ?? wanted
                        pa_stream_drop(stream)
                    }
                    if let wanted, receiver.changesRequest(to: wanted) {
                        var attributes = PulseRecording.attributes(fragmentBytes: wanted)
                        pa_stream_set_buffer_attr(stream, &attributes, nil, nil).map { pa_operation_unref($0) }
                    }
                },
                receiverPointer
            )
            return pa_stream_connect_record(stream, device, &attributes, PA_STREAM_ADJUST_LATENCY) >= 0
        }
        do {
            try receiver.status.awaitReady(connected: connected, context: context, direction: .record, device: device, server: server)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Buffer attributes that leave everything to the server except the chunk length (`fragsize`).
    private static func attributes(fragmentBytes: Int) -> pa_buffer_attr {
        let unset = UInt32.max
        return pa_buffer_attr(maxlength: unset, tlength: unset, prebuf: unset, minreq: unset, fragsize: UInt32(fragmentBytes))
    }

    /// Why the stream failed after it started, or nil while it runs.
    var failureReason: String? {
        receiver.status.failureReason
    }

    /// Stops the callbacks and disconnects (the context goes with the last reference).
    private func close() {
        guard !closed else { return }
        closed = true
        context.locked {
            pa_stream_set_state_callback(stream, nil, nil)
            pa_stream_set_read_callback(stream, nil, nil)
            pa_stream_disconnect(stream)
            pa_stream_unref(stream)
        }
        Unmanaged<Receiver>.fromOpaque(receiverPointer).release()
    }
}
