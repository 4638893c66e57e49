import RealtimeCore

extension PulseAudioOutput {
    /// Where and how to play.
    public struct Configuration: Sendable {
        /// A sink name (see ``PulseDevices/list(server:)``), or nil for the server's default sink.
        public var device: String?
        /// A server address, or nil for libpulse's choice (`PULSE_SERVER`, then the per-user socket).
        public var server: String?
        /// The latency to ask the server for (`--audio-latency-ms`); it is a hint, the measured latency is used.
        public var targetLatency: Duration
        /// The client name the server shows.
        public var applicationName: String

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - device: the sink to play into, or nil for the default.
        ///   - server: the server address, or nil for libpulse's choice.
        ///   - targetLatency: the buffer to ask for, 80 ms by default (at least one 20 ms frame).
        ///   - applicationName: the client name the server shows.
        public init(
            device: String? = nil,
            server: String? = nil,
            targetLatency: Duration = .milliseconds(80),
            applicationName: String = "rtconsole"
        ) {
            self.device = device
            self.server = server
            self.targetLatency = max(targetLatency, .milliseconds(PCM.frameMilliseconds))
            self.applicationName = applicationName
        }
    }
}
