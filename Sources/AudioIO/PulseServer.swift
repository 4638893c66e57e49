import Foundation

/// The PulseAudio server a connection goes to, and where that address came from, for error messages.
///
/// libpulse itself picks the address when it is given none: `PULSE_SERVER` if set, otherwise the
/// per-user socket `$PULSE_RUNTIME_PATH/native` or `$XDG_RUNTIME_DIR/pulse/native`. This type works out
/// the same address so that a failure can say which server was tried.
struct PulseServer: Sendable, CustomStringConvertible {
    /// Where the address comes from.
    enum Origin: Sendable {
        /// Passed by the caller (a command-line option).
        case explicit
        /// The `PULSE_SERVER` environment variable.
        case environment
        /// libpulse's default per-user socket.
        case defaultSocket
    }

    /// The server address as libpulse understands it (`unix:/path` or `tcp:host:port`).
    let address: String
    /// Where ``address`` came from.
    let origin: Origin

    /// Works out the address libpulse will use.
    ///
    /// - Parameter explicit: an address given by the caller, or nil to let libpulse choose.
    init(explicit: String?) {
        let environment = ProcessInfo.processInfo.environment
        if let explicit, !explicit.isEmpty {
            address = explicit
            origin = .explicit
        } else if let variable = environment["PULSE_SERVER"], !variable.isEmpty {
            address = variable
            origin = .environment
        } else {
            let runtime =
                environment["PULSE_RUNTIME_PATH"]
                ?? environment["XDG_RUNTIME_DIR"].map { $0 + "/pulse" }
                ?? "/run/user/\(getuid())/pulse"
            address = "unix:\(runtime)/native"
            origin = .defaultSocket
        }
    }

    /// The address to hand to libpulse: the explicit one, or nil so that libpulse applies its own rules.
    var argument: String? { origin == .explicit ? address : nil }

    var description: String {
        switch origin {
        case .explicit: address
        case .environment: "\(address) (from PULSE_SERVER)"
        case .defaultSocket: "\(address) (the default socket; PULSE_SERVER is not set)"
        }
    }

    /// What the user can do when this server does not answer.
    var advice: String {
        switch origin {
        case .explicit: "start a PulseAudio daemon there or pass the address of a running one"
        case .environment: "start the sound server PULSE_SERVER names, correct PULSE_SERVER, or unset it to use the desktop's"
        case .defaultSocket: "start PulseAudio (`pulseaudio --start`) or set PULSE_SERVER to a running server, or use WAV/null audio"
        }
    }
}
