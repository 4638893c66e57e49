import RealtimeCore

/// Why an audio device, sound server or audio file could not be used, described in one line that says
/// what went wrong and what to do about it.
///
/// The struct can grow new cases without breaking callers: match on ``code`` (compare with the static
/// members of ``Code``) and show ``description`` to the user.
public struct AudioError: Error, Equatable, CustomStringConvertible {
    /// The kind of an ``AudioError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable {
            case serverUnreachable
            case noSuchDevice
            case streamFailed
            case disconnected
            case moduleFailed
            case timedOut
            case alreadyStarted
            case file
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// No PulseAudio server answered at the address libpulse tried.
        public static let serverUnreachable = Code(.serverUnreachable)
        /// A device name that the server does not have.
        public static let noSuchDevice = Code(.noSuchDevice)
        /// The server refused to open a stream (bad format, access denied…).
        public static let streamFailed = Code(.streamFailed)
        /// An open stream lost its server during a call.
        public static let disconnected = Code(.disconnected)
        /// A server module (echo cancellation) could not be loaded or unloaded.
        public static let moduleFailed = Code(.moduleFailed)
        /// The server did not answer in time.
        public static let timedOut = Code(.timedOut)
        /// `start()` was called on something already running.
        public static let alreadyStarted = Code(.alreadyStarted)
        /// A WAV file could not be read or written.
        public static let file = Code(.file)

        public var description: String { "\(value)" }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The one-line explanation shown to the user.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// No server answered.
    ///
    /// - Parameters:
    ///   - server: which server was tried and where the address came from (see ``PulseServer``).
    ///   - reason: libpulse's explanation.
    static func serverUnreachable(_ server: PulseServer, reason: String) -> AudioError {
        AudioError(.serverUnreachable, "cannot reach the PulseAudio server at \(server) (\(reason)); \(server.advice)")
    }

    /// A device name the server does not have.
    ///
    /// - Parameters:
    ///   - name: the name asked for.
    ///   - direction: "input" or "output".
    ///   - available: the names the server does have, or nil if they could not be listed.
    static func noSuchDevice(_ name: String, direction: String, available: [String]?) -> AudioError {
        let choices =
            switch available {
            case nil: "`rtconsole devices` lists the names that exist"
            case let names? where names.isEmpty: "the server has no \(direction) devices at all"
            case let names?: "choose one of: " + names.joined(separator: ", ")
            }
        return AudioError(.noSuchDevice, "there is no PulseAudio \(direction) device named '\(name)'; \(choices)")
    }

    /// The server refused a stream or request for a reason other than a missing device.
    static func streamFailed(_ what: String, reason: String) -> AudioError {
        AudioError(
            .streamFailed, "PulseAudio refused to \(what) (\(reason)); check the device with `pactl list short sinks` / `pactl list short sources`")
    }

    /// An open stream lost its server.
    static func disconnected(_ what: String, server: PulseServer, reason: String) -> AudioError {
        AudioError(
            .disconnected,
            "the PulseAudio \(what) stream lost the server at \(server) (\(reason)); reconnecting with backoff until it is back, \(server.advice)"
        )
    }

    /// A module could not be loaded or unloaded.
    static func moduleFailed(_ what: String, reason: String) -> AudioError {
        AudioError(
            .moduleFailed,
            "PulseAudio could not \(what) (\(reason)); check `pactl list short modules` and the daemon's log, or run without echo cancellation")
    }

    /// The server did not answer in time.
    static func timedOut(_ what: String, server: PulseServer) -> AudioError {
        AudioError(.timedOut, "the PulseAudio server at \(server) did not \(what) in time; it may be overloaded or hung: restart it")
    }

    /// `start()` on something already started.
    static func alreadyStarted(_ what: String) -> AudioError {
        AudioError(.alreadyStarted, "the \(what) is already running; call stop() before starting it again")
    }

    /// A WAV file problem, described by the file error itself.
    static func file(_ error: WAVError) -> AudioError {
        AudioError(.file, error.description)
    }
}
