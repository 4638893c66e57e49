extension SessionConfig {
    /// Checks what a GPT-Live `session.start` carries of this configuration: the voice (GPT-Live has its
    /// own list) and the instructions. Everything else of the configuration is the Realtime protocol's.
    public func validateForLive() throws(ConfigError) {
        guard Voice.live.contains(voice) else {
            throw ConfigError(field: "voice", message: "'\(voice)' is not a GPT-Live voice; choose one of \(Voice.live.joined(separator: ", "))")
        }
    }

    /// The GPT-Live start configuration of this call: model, instructions and voice from here, delegation
    /// and storage from `options`, the conversation to start from as `input`. Audio is always PCM16 at 24 kHz,
    /// the format of the microphone and speaker paths.
    public func liveStart(options: LiveOptions, input: [LiveInputMessage]) -> LiveSessionConfig {
        LiveSessionConfig(
            model: model, instructions: instructions.isEmpty ? nil : instructions, format: .pcm24k, voice: voice,
            delegation: options.delegation, input: input, store: options.store, safetyIdentifier: options.safetyIdentifier)
    }
}
