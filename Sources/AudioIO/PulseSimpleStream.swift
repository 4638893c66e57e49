import CPulse
import RealtimeCore

/// One blocking PulseAudio stream (libpulse-simple) of 24 kHz mono S16LE.
///
/// Not thread-safe: a stream is opened, used and freed by one ``StreamThread``.
final class PulseSimpleStream {
    /// Which way the audio flows.
    enum Direction {
        case playback
        case record

        fileprivate var name: String { self == .playback ? "output" : "input" }
    }

    private let handle: OpaquePointer
    private let direction: Direction
    private let server: PulseServer

    private init(handle: OpaquePointer, direction: Direction, server: PulseServer) {
        self.handle = handle
        self.direction = direction
        self.server = server
    }

    deinit {
        pa_simple_free(handle)
    }

    /// Connects a stream.
    ///
    /// - Parameters:
    ///   - direction: playback or record.
    ///   - device: a sink (playback) or source (record) name, or nil for the server's default.
    ///   - server: the server to use.
    ///   - applicationName: the client name the server shows.
    ///   - streamName: the stream name the server shows.
    ///   - bufferSamples: for playback the target latency (`tlength`), for record the fragment size
    ///     (`fragsize`), in samples; the server treats it as a hint.
    /// - Throws: ``AudioError`` — server unreachable, no such device (listing those that exist), or refused.
    static func open(
        _ direction: Direction,
        device: String?,
        server: PulseServer,
        applicationName: String,
        streamName: String,
        bufferSamples: Int
    ) throws(AudioError) -> PulseSimpleStream {
        var spec = pa_sample_spec(format: PA_SAMPLE_S16LE, rate: UInt32(PCM.sampleRate), channels: 1)
        let bytes = UInt32(bufferSamples * 2)
        let unset = UInt32.max
        var attributes =
            direction == .playback
            ? pa_buffer_attr(maxlength: unset, tlength: bytes, prebuf: unset, minreq: unset, fragsize: unset)
            : pa_buffer_attr(maxlength: unset, tlength: unset, prebuf: unset, minreq: unset, fragsize: bytes)
        var error: Int32 = 0
        let handle = pa_simple_new(
            server.argument,
            applicationName,
            direction == .playback ? PA_STREAM_PLAYBACK : PA_STREAM_RECORD,
            device,
            streamName,
            &spec,
            nil,
            &attributes,
            &error
        )
        guard let handle else {
            throw openError(error, direction: direction, device: device, server: server)
        }
        return PulseSimpleStream(handle: handle, direction: direction, server: server)
    }

    /// Writes all `samples`, blocking until the server's buffer has room for them.
    func write(_ samples: [Int16]) throws(AudioError) {
        var error: Int32 = 0
        let status = samples.withUnsafeBytes { pa_simple_write(handle, $0.baseAddress, $0.count, &error) }
        guard status >= 0 else { throw lost(error) }
    }

    /// The stream's latency in samples: for playback, how long a sample written now takes to be heard.
    func latencySamples() throws(AudioError) -> Int {
        var error: Int32 = 0
        let microseconds = pa_simple_get_latency(handle, &error)
        guard microseconds != UInt64.max else { throw lost(error) }
        return Int(microseconds) * PCM.sampleRate / 1_000_000
    }

    /// Discards everything written but not yet handed to the sink (playback only).
    func flush() throws(AudioError) {
        var error: Int32 = 0
        guard pa_simple_flush(handle, &error) >= 0 else { throw lost(error) }
    }

    private func lost(_ error: Int32) -> AudioError {
        AudioError.disconnected(direction.name, server: server, reason: Self.message(error))
    }

    /// The error for a stream that could not be opened: server unreachable, no such device (listing those
    /// that exist), or refused. Shared with ``PulseRecording``.
    static func openError(_ error: Int32, direction: Direction, device: String?, server: PulseServer) -> AudioError {
        let unreachable = [PA_ERR_CONNECTIONREFUSED, PA_ERR_INVALIDSERVER, PA_ERR_CONNECTIONTERMINATED, PA_ERR_TIMEOUT, PA_ERR_KILLED]
        if unreachable.contains(where: { Int32($0.rawValue) == error }) {
            return .serverUnreachable(server, reason: message(error))
        }
        if error == Int32(PA_ERR_NOENTITY.rawValue), let device {
            let available = try? PulseDevices.list(server: server.argument).filter { $0.isInput == (direction == .record) }.map(\.name)
            return .noSuchDevice(device, direction: direction.name, available: available)
        }
        return .streamFailed("open an \(direction.name) stream on \(device ?? "the default device")", reason: message(error))
    }

    /// libpulse's text for an error code.
    static func message(_ error: Int32) -> String {
        pa_strerror(error).map { String(cString: $0) } ?? "error \(error)"
    }
}
