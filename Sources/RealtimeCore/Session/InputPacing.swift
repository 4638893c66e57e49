/// How promptly microphone audio must reach the server, given the state of the call
/// (``RealtimeSession/inputPacing``).
///
/// Every sample is always sent; the pacing only says how long a capture may hold quiet audio back to send
/// it in fewer, larger appends, which costs the client fewer wake-ups (LiveKit's plugin always sends 100 ms
/// appends). Speech must never wait: a capture that hears speech begin sends what it held at once.
public enum InputPacing: Sendable, Equatable {
    /// The user is speaking (the server's VAD says so, or push-to-talk is held): every frame goes out as it
    /// is captured, so the server hears the end of the turn without delay.
    case realTime
    /// A reply is under way or still playing and the user is silent: quiet audio may be gathered into
    /// short chunks, but the microphone is read every frame so that a barge-in goes out at once.
    case listening
    /// Nobody is speaking and nothing plays: quiet audio may be gathered into longer chunks, and read from
    /// the device in chunks too.
    case idle
}
