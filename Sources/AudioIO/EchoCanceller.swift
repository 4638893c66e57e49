import Foundation
import Synchronization

/// Echo cancellation by PulseAudio's `module-echo-cancel` (WebRTC canceller), loaded for this console only.
///
/// Creating an `EchoCanceller` loads a private instance of the module with its own source and sink names
/// (``sourceName``, ``sinkName``) on top of the chosen microphone and speaker. The console then captures
/// from ``sourceName`` and plays into ``sinkName``; the module subtracts what it plays from what the
/// microphone hears. ``stop()`` (or releasing the object) unloads the module again.
///
/// The canceller's automatic gain control is turned off: WebRTC's analog AGC works by lowering the
/// microphone's own volume (for every application, and it stays lowered), and the digital one would make
/// the level meters and the server's VAD thresholds drift. High-pass filtering and noise suppression keep
/// the module's defaults (on).
public final class EchoCanceller: Sendable {
    /// Which devices to wrap.
    public struct Configuration: Sendable {
        /// The microphone (a source name), or nil for the server's default source.
        public var sourceMaster: String?
        /// The speaker (a sink name), or nil for the server's default sink.
        public var sinkMaster: String?
        /// A server address, or nil for libpulse's choice (`PULSE_SERVER`, then the per-user socket).
        public var server: String?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - sourceMaster: the microphone, or nil for the default source.
        ///   - sinkMaster: the speaker, or nil for the default sink.
        ///   - server: the server address, or nil for libpulse's choice.
        public init(sourceMaster: String? = nil, sinkMaster: String? = nil, server: String? = nil) {
            self.sourceMaster = sourceMaster
            self.sinkMaster = sinkMaster
            self.server = server
        }
    }

    /// Distinguishes several cancellers of one process.
    private static let instances = Atomic<Int>(0)

    /// The source to capture from: the microphone with the speaker's echo removed.
    public let sourceName: String
    /// The sink to play into: it forwards to the speaker and feeds the canceller its reference signal.
    public let sinkName: String
    private let server: PulseServer
    private let module: Mutex<UInt32?>

    /// Loads the module.
    ///
    /// - Parameter configuration: the devices to wrap.
    /// - Throws: ``AudioError`` when the server cannot be reached, a master device does not exist (the
    ///   message lists those that do), the microphone is the speaker's own monitor, or the module does not load.
    public init(configuration: Configuration = Configuration()) throws(AudioError) {
        server = PulseServer(explicit: configuration.server)
        let instance = Self.instances.add(1, ordering: .relaxed).newValue
        let stem = "rtconsole_ec_\(ProcessInfo.processInfo.processIdentifier)_\(instance)"
        sourceName = stem + "_source"
        sinkName = stem + "_sink"
        let context = try Self.connect(to: server)
        let devices = try context.devices(isInput: false) + context.devices(isInput: true)
        for (master, isInput) in [(configuration.sourceMaster, true), (configuration.sinkMaster, false)] {
            guard let master, !devices.contains(where: { $0.name == master && $0.isInput == isInput }) else { continue }
            throw AudioError.noSuchDevice(
                master,
                direction: isInput ? "input" : "output",
                available: devices.filter { $0.isInput == isInput }.map(\.name)
            )
        }
        let defaults = try context.defaultDeviceNames()
        let microphone = configuration.sourceMaster ?? defaults.source
        let speaker = configuration.sinkMaster ?? defaults.sink
        guard microphone != speaker + ".monitor" else {
            throw AudioError.moduleFailed(
                "load module-echo-cancel",
                reason:
                    "the microphone \(microphone) is the monitor of the speaker \(speaker), and a sink's own monitor cannot be echo-cancelled; choose a real microphone"
            )
        }
        var arguments = [
            "aec_method=webrtc",
            "aec_args=\"analog_gain_control=0 digital_gain_control=0\"",
            "source_name=\(sourceName)",
            "sink_name=\(sinkName)",
            "source_properties=device.description=rtconsole-echo-cancelled-microphone",
            "sink_properties=device.description=rtconsole-echo-cancelled-speaker",
        ]
        if let master = configuration.sourceMaster { arguments.append("source_master=\(master)") }
        if let master = configuration.sinkMaster { arguments.append("sink_master=\(master)") }
        module = Mutex(try context.loadModule("module-echo-cancel", arguments: arguments.joined(separator: " ")))
    }

    deinit {
        stop()
    }

    /// Unloads the module. Its source and sink disappear, so streams on them end.
    ///
    /// Calling it again does nothing. If the server is gone the module went with it, so a failure to
    /// reach the server is not an error here.
    public func stop() {
        guard let index = module.withLock({ $0.take() }) else { return }
        guard let context = try? Self.connect(to: server) else { return }
        try? context.unloadModule(index)
    }

    /// A client connection for loading and unloading the module.
    private static func connect(to server: PulseServer) throws(AudioError) -> PulseContext {
        try PulseContext(server: server, clientName: "rtconsole echo cancellation", threadName: "pulse.echo")
    }
}
