import Foundation
import RealtimeCore

/// Everything an interactive or headless call needs, resolved from flags, environment and files.
struct CallContext: Sendable {
    /// The session to run (endpoint, configuration, prices, logger).
    var sessionOptions: SessionOptions
    /// The header's description of where the call goes, e.g. "local simulator ws://127.0.0.1:40123/v1".
    var endpointLabel: String
    /// True when talking to the built-in simulator.
    var isLocalSimulator: Bool
    /// The server's session limit (OpenAI 60 min, Azure 30 min, or --max-session-minutes).
    var sessionLimit: Duration
    /// Audio settings.
    var audio: AudioSettings
    /// `--theme` (a name or a path), nil for the default.
    var theme: String?
    /// `--export PATH`: write the transcript there at exit.
    var exportPath: URL?
    /// Where sessions are autosaved (`$XDG_STATE_HOME/rtconsole/sessions`).
    var autosaveFolder: URL
    /// Lines to show when the call starts (a model that shuts down soon, a cost that cannot be computed).
    var startNotices: [String] = []

    /// The microphone and speaker settings.
    struct AudioSettings: Sendable {
        /// `--input-device`: a PulseAudio source name, nil for the default.
        var inputDevice: String?
        /// `--output-device`: a PulseAudio sink name, nil for the default.
        var outputDevice: String?
        /// `--audio-latency-ms`: the playback target latency.
        var latencyMs: Int = 80
        /// `--aec`: route through PulseAudio's echo canceller.
        var echoCancellation = false
        /// `--no-audio`: text only, no sound server.
        var disabled = false
    }
}
