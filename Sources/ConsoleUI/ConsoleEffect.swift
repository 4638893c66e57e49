import RealtimeCore

/// What the console asks the application to do; the reducer returns these and never does I/O itself.
public enum ConsoleEffect: Sendable, Equatable {
    /// Apply a configuration to the live session (one `updateConfig`).
    case updateConfig(SessionConfig)
    /// Send a typed message.
    case sendText(String)
    /// Push-to-talk pressed.
    case beginPushToTalk
    /// Push-to-talk released.
    case endPushToTalk
    /// Cut the assistant off.
    case interrupt
    /// Mute or unmute the microphone.
    case setMuted(Bool)
    /// Set the output volume (0…1.5, 1 = as received).
    case setVolume(Double)
    /// GPT-Live: add instructions to the session's (`session.instructions.append`).
    case appendInstructions(String)
    /// GPT-Live: change the delegation's settings (`session.update`).
    case updateDelegation(LiveDelegation)
    /// Reconnect a call that closed.
    case reconnect
    /// Write the transcript to a file.
    case exportTranscript
    /// Save the session and end the call.
    case quit
}
