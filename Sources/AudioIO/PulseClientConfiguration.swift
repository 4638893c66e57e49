import Foundation

/// Settings of libpulse itself that rtconsole changes for its own process.
public enum PulseClientConfiguration {
    /// Makes libpulse exchange audio with the server over its socket rather than through shared memory.
    ///
    /// With shared memory, libpulse's memory pools (shared with the server) are mapped into the client, and
    /// every page of them that once carried audio stays counted in the client's resident size: in a call
    /// that grew by about 0.25 MB a minute, without bound in sight. 24 kHz mono is 48 kB a second each way; copying it
    /// through the socket costs nothing measurable.
    ///
    /// libpulse takes this setting only from its client configuration file, so this writes a file that
    /// includes the configuration libpulse would have read (the user's `pulse/client.conf`, or the
    /// system's and its `client.conf.d`), adds `enable-shm = no`, and names it in `PULSE_CLIENTCONFIG`.
    /// When `PULSE_CLIENTCONFIG` is already set, the person's choice stands and nothing changes.
    /// Call it once, at start, before any audio is opened and while no other thread reads the environment.
    ///
    /// - Returns: false when the setting could not be made (the variable was set, or the file could not be
    ///   written); audio then works as before.
    @discardableResult
    public static func preferSocketTransfer() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard environment["PULSE_CLIENTCONFIG"] == nil else { return false }
        let lines = includedFiles(environment).map { ".include \($0)" } + ["enable-shm = no"]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-\(getuid())")
        let file = folder.appendingPathComponent("pulse-client.conf")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file, options: .atomic)
        } catch {
            return false
        }
        return setenv("PULSE_CLIENTCONFIG", file.path, 1) == 0
    }

    /// The files libpulse reads when `PULSE_CLIENTCONFIG` is unset: the first client.conf that exists of
    /// the user's and the system's, then the `.conf` files of its `.d` folder in name order.
    static func includedFiles(_ environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let candidates = [
            environment["XDG_CONFIG_HOME"].map { "\($0)/pulse/client.conf" },
            "\(home)/.config/pulse/client.conf",
            "\(home)/.pulse/client.conf",
            "/etc/pulse/client.conf",
        ].compactMap { $0 }
        guard let chosen = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else { return [] }
        let folder = chosen + ".d"
        let extras = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".conf") }
            .sorted()
            .map { "\(folder)/\($0)" }
        return [chosen] + extras
    }
}
