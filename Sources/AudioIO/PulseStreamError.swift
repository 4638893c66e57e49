import CPulse

/// The errors of a PulseAudio stream that could not be opened or went away, shared by ``PulseRecording``
/// and ``PulsePlayback``.
enum PulseStreamError {
    /// Which way the audio flows.
    enum Direction {
        case playback
        case record

        /// "output" or "input", as messages say it.
        var name: String { self == .playback ? "output" : "input" }
    }

    /// The error for a stream that could not be opened: server unreachable, no such device (listing those
    /// that exist), or refused.
    static func opening(_ error: Int32, direction: Direction, device: String?, server: PulseServer) -> AudioError {
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
