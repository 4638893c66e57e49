/// What a piece of the screen is, so a theme can colour it. The raw value is the key in a theme file's `[styles]`.
public enum StyleRole: String, CaseIterable, Hashable, Sendable, BitwiseCopyable {
    /// Ordinary text on the terminal's background.
    case text
    /// Secondary text: timestamps, labels, hints.
    case muted
    /// Pane borders.
    case border
    /// The border and title of the pane that has the focus.
    case borderFocused = "border_focused"
    /// Pane titles.
    case title
    /// The header bar.
    case header
    /// Emphasised words in the header (endpoint, model).
    case headerAccent = "header_accent"
    /// The line that says the call goes to the local simulator.
    case simulator
    /// The user's words and label.
    case user
    /// The assistant's words and label.
    case assistant
    /// Text still streaming.
    case partial
    /// Tool calls and their results.
    case tool
    /// The mark on a reply the user cut off.
    case interrupted
    /// The selected row of a list.
    case selection
    /// A setting's value.
    case value
    /// A setting changed here and not yet confirmed by the server.
    case pending
    /// A setting that does not apply.
    case disabled
    /// Good news: connected, confirmed.
    case ok
    /// Information.
    case info
    /// Something to look at.
    case warning
    /// Something failed.
    case error
    /// The empty part of a level meter.
    case meterTrack = "meter_track"
    /// A level meter in the normal range.
    case meterLow = "meter_low"
    /// A level meter that is loud.
    case meterMid = "meter_mid"
    /// A level meter near full scale.
    case meterHigh = "meter_high"
    /// The peak-hold mark of a meter.
    case meterPeak = "meter_peak"
    /// Someone is speaking (the VAD state).
    case speaking
    /// The mark of a barge-in.
    case bargeIn = "barge_in"
    /// The status bar.
    case statusBar = "status_bar"
    /// The key hints at the bottom.
    case footer
    /// A key's name in hints and help.
    case key
    /// An event the client sent.
    case eventClient = "event_client"
    /// An event the server sent.
    case eventServer = "event_server"
    /// The background and text of overlays (help, event details).
    case overlay
    /// The line where text is typed.
    case input
}
