import ArgumentParser

/// Microphone and speaker options.
struct AudioFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp("PulseAudio source to capture from (see `rtconsole devices`).", valueName: "NAME"),
        completion: CompletionValues.inputDevices)
    var inputDevice: String?

    @Option(
        help: ArgumentHelp("PulseAudio sink to play to (see `rtconsole devices`).", valueName: "NAME"), completion: CompletionValues.outputDevices)
    var outputDevice: String?

    @Option(help: "Playback target latency in ms (20…500).")
    var audioLatencyMs: Int = 80

    @Flag(help: "Route the call through PulseAudio's echo canceller (module-echo-cancel, webrtc), so speakers work without headphones.")
    var aec = false

    @Flag(help: "No sound at all: text in and out (also what happens when no sound server can be reached).")
    var noAudio = false

    func validate() throws {
        guard (20...500).contains(audioLatencyMs) else {
            throw ValidationError("--audio-latency-ms \(audioLatencyMs) is outside 20…500; 80 suits most machines")
        }
        if noAudio, aec || inputDevice != nil || outputDevice != nil {
            throw ValidationError("--no-audio cannot be combined with --aec, --input-device or --output-device")
        }
    }

    var settings: CallContext.AudioSettings {
        CallContext.AudioSettings(
            inputDevice: inputDevice, outputDevice: outputDevice, latencyMs: audioLatencyMs, echoCancellation: aec,
            disabled: noAudio)
    }
}
