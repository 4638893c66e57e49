import RealtimeCore

/// A player of assistant audio for a session: PulseAudio playback, a WAV file, or nothing but a clock.
///
/// On top of ``AudioPlayback`` (queue, interrupt, per-item progress) an output has a life cycle, a
/// software volume, a level meter and the figures the console shows.
public protocol AudioOutput: AudioPlayback {
    /// Starts playing (silence until audio is enqueued).
    ///
    /// - Throws: ``AudioError`` when playback cannot start.
    func start() throws(AudioError)

    /// Stops playing and discards anything queued. Stopping twice does nothing.
    func stop()

    /// Linear gain applied to every sample before it is played, clamped to `0...1.5`.
    var volume: Double { get set }

    /// The level of the audio leaving the speaker now (after ``volume``).
    var level: AudioLevel { get }

    /// How many times the queue ran dry in the middle of an item's audio, so the listener heard a gap.
    var underrunCount: Int { get }

    /// How long a sample written now takes to be heard (the device's latency, zero for clock-driven outputs).
    var outputLatency: Duration { get }

    /// Whether the output is playing, stopped, or waiting for its server to come back.
    var state: AudioStreamState { get }
}
