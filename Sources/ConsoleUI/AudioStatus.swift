/// Whether the console has a microphone and a speaker.
public enum AudioStatus: Sendable, Equatable {
    /// Capture and playback are running.
    case live
    /// Audio is off for the whole call: `--no-audio`, or no sound server (the text says why and what to do).
    case off(reason: String)
    /// The microphone could not be opened (the text says why and what to do); replies still play.
    case speakerOnly(reason: String)
    /// Audio was working and is now interrupted (the sound server went away); it comes back by itself.
    case interrupted(reason: String)

    /// True when the microphone delivers frames.
    public var isLive: Bool { self == .live }
}
