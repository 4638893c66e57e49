import RealtimeCore

/// The key bindings, in one place for the footer and the help overlay.
public enum KeyHelp {
    /// One binding: the keys and what they do.
    public struct Binding: Sendable, Equatable {
        /// The keys as the footer shows them.
        public var keys: String
        /// A word or two for the footer.
        public var short: String
        /// A sentence for the help overlay.
        public var long: String
    }

    private static let export = Binding(keys: "e", short: "export", long: "export the transcript (Markdown, or the --export path)")
    private static let help = Binding(keys: "?", short: "help", long: "this help (F1 too; ↑↓ scroll it, other keys close it)")
    private static let volume = Binding(keys: "[ ]", short: "volume", long: "turn the assistant's voice down or up (0–150 %)")

    /// Keys that work everywhere.
    public static let global: [Binding] = [
        Binding(keys: "Space", short: "talk", long: "push-to-talk: hold to talk, or tap to start and tap again to send"),
        Binding(keys: "i", short: "interrupt", long: "interrupt the assistant (playback stops, the reply is cut at what you heard)"),
        Binding(keys: "m", short: "mute", long: "mute or unmute the microphone"),
        Binding(keys: "t", short: "type", long: "type a message (Enter sends, Esc cancels)"),
        export, help,
        Binding(keys: "q", short: "quit", long: "save the session and quit (Ctrl-C too)"),
        volume,
    ]

    /// The key that brings a closed call back (shown in the help and when the call closes, not in the footer).
    public static let reconnect = Binding(
        keys: "r", short: "reconnect", long: "reconnect a call that closed (the conversation carries over)")

    /// Opens every message of the call in full (shown in the help, and when the message line is cut).
    public static let messages = Binding(
        keys: "n", short: "messages", long: "every message of this call in full (the line above the status bar shows the latest)")

    /// Suspends the console to the shell (shown in the help, not in the footer).
    public static let suspend = Binding(
        keys: "Ctrl-Z", short: "suspend", long: "suspend to the shell; fg resumes (a call dropped meanwhile reconnects)")

    /// Keys that work everywhere on a GPT-Live call: no push-to-talk, no interrupt key, no typing (the
    /// model takes turns itself and hears speech only), and mute tells the server.
    public static let liveGlobal: [Binding] = [
        Binding(keys: "m", short: "mute", long: "mute or unmute: the model hears silence while the microphone keeps streaming"),
        export, help,
        Binding(keys: "q", short: "quit", long: "close the session (session.close), save it and quit (Ctrl-C too)"),
        volume,
    ]

    /// The global keys of a call on a protocol.
    public static func global(for api: VoiceAPI) -> [Binding] { api == .live ? liveGlobal : global }

    /// Keys of one pane.
    public static func pane(_ focus: Focus) -> [Binding] {
        let tab = Binding(keys: "Tab", short: "next pane", long: "move the focus: transcript, settings, events (Shift-Tab back)")
        switch focus {
        case .transcript:
            return [
                tab, Binding(keys: "↑↓", short: "scroll", long: "scroll the transcript a line"),
                Binding(keys: "PgUp PgDn", short: "page", long: "scroll a page"),
                Binding(keys: "Home End", short: "oldest/newest", long: "jump to the start, or back to the end (follow new text)"),
            ]
        case .settings:
            return [
                tab, Binding(keys: "↑↓", short: "select", long: "choose a setting"),
                Binding(keys: "←→ -+", short: "change", long: "change it; the server gets one update 0.4 s after the last change"),
                Binding(keys: "Enter", short: "edit text", long: "type the instructions or a transcription model"),
            ]
        case .events:
            return [
                tab, Binding(keys: "↑↓ PgUp PgDn", short: "select", long: "choose an event; End follows new events"),
                Binding(keys: "Enter", short: "expand", long: "show the event as JSON (audio elided, keys and tokens redacted)"),
                Binding(keys: "/", short: "filter", long: "show only event types containing some text"),
                Binding(keys: "←→", short: "direction", long: "show client events, server events, or both; Esc clears filters"),
            ]
        }
    }
}
