import Foundation
import RealtimeCore

/// What a headless call does: which audio to stream, what to say, and where to write the results.
public struct HeadlessOptions: Sendable {
    /// A WAV file to stream as the microphone (any rate and channel count; converted to 24 kHz mono).
    public var input: URL?
    /// Where to write the assistant's audio (24 kHz mono WAV).
    public var output: URL?
    /// Where to write every client and server event as JSON lines (`{"dir":…,"event":…}`).
    public var events: URL?
    /// Where to write the transcript at the end (format from the extension; JSON by default).
    public var export: URL?
    /// Text messages to send, one turn each, before the audio.
    public var say: [String] = []
    /// Stream as fast as the server takes the audio instead of in real time.
    public var fast = false
    /// The longest wait for a reply before giving up.
    public var responseTimeout: Duration = .seconds(120)

    /// Creates options.
    public init(input: URL? = nil, output: URL? = nil, events: URL? = nil, export: URL? = nil, say: [String] = [], fast: Bool = false) {
        self.input = input
        self.output = output
        self.events = events
        self.export = export
        self.say = say
        self.fast = fast
    }
}
