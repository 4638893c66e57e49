/// A PulseAudio sink (output) or source (input) that can be chosen by name.
public struct AudioDevice: Sendable, Equatable {
    /// The name to pass as a device (`alsa_output.pci-0000_00_1f.3.analog-stereo`, `rt_mic.monitor`…).
    public var name: String
    /// The human-readable description the server gives.
    public var description: String
    /// True for a source (microphone, monitor), false for a sink (speaker).
    public var isInput: Bool
    /// True if this is the server's default sink or source.
    public var isDefault: Bool
    /// True for a sink's monitor source (it captures what the sink plays, not a microphone).
    public var isMonitor: Bool

    /// Creates a device description.
    ///
    /// - Parameters:
    ///   - name: the device name.
    ///   - description: its human-readable description.
    ///   - isInput: true for a source, false for a sink.
    ///   - isDefault: whether it is the server's default.
    ///   - isMonitor: whether it is a sink's monitor.
    public init(name: String, description: String, isInput: Bool, isDefault: Bool, isMonitor: Bool = false) {
        self.name = name
        self.description = description
        self.isInput = isInput
        self.isDefault = isDefault
        self.isMonitor = isMonitor
    }
}
