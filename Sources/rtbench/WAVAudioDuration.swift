import Foundation
import RealtimeCore

/// The length of a WAV file, for "times real time".
enum WAVAudioDuration {
    /// The file's duration in whole seconds.
    static func seconds(of url: URL) throws -> Int {
        let audio = try WAVAudio.read(contentsOf: url)
        return audio.frameCount / max(1, audio.sampleRate)
    }
}
