import Foundation
import RealtimeCore

/// Everything that can change the console: the session, the keyboard, the clock, the terminal and the audio.
public enum ConsoleAction: Sendable {
    /// Something the session reported.
    case session(SessionUpdate)
    /// A key.
    case key(KeyEvent)
    /// The clock (at most 30 times a second while a key is timed, 15 while something moves, about once a second otherwise).
    case tick(Date)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    /// A microphone frame's level and the local speech estimate.
    case microphone(level: AudioLevel, speechLikely: Bool)
    /// The level of what the speaker plays now.
    case speaker(level: AudioLevel)
    /// The microphone and speaker changed state.
    case audio(AudioStatus)
    /// A message from the application (export written, a request refused…).
    case notice(Notice)
    /// Quit now, e.g. on SIGTERM; the text says why.
    case quit(reason: String)
}
