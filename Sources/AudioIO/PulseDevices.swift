/// Lists the sinks and sources of a PulseAudio server.
public enum PulseDevices {
    /// Asks the server for its sinks and sources.
    ///
    /// - Parameter server: a server address (`unix:/path/native`), or nil for libpulse's choice
    ///   (`PULSE_SERVER`, then the per-user socket).
    /// - Returns: the sinks (outputs) then the sources (inputs, including monitors), in the server's order.
    /// - Throws: ``AudioError`` when the server cannot be reached or does not answer within 5 s.
    public static func list(server: String? = nil) throws(AudioError) -> [AudioDevice] {
        let context = try PulseContext(server: PulseServer(explicit: server), clientName: "rtconsole device list", threadName: "pulse.devices")
        let defaults = try context.defaultDeviceNames()
        let devices = try context.devices(isInput: false) + context.devices(isInput: true)
        return devices.map { device in
            var device = device
            device.isDefault = device.name == (device.isInput ? defaults.source : defaults.sink)
            return device
        }
    }
}
