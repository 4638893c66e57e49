import Foundation
import Synchronization

/// A WAV file written during a call: appends are handed to a ``FileWorker``, so no write runs on the
/// caller's thread (a socket's event loop, a player's clock), and the file is moved into place when it
/// is finished (see ``WAVWriter``).
///
/// The file itself is created by ``init(url:sampleRate:channels:worker:)``, before the call starts, so that
/// a folder that cannot be written is reported at once.
public final class WAVRecording: Sendable {
    /// Where the finished file goes.
    public let url: URL
    /// Number of interleaved channels.
    public let channels: Int
    private let worker: FileWorker
    /// The writer; only the worker's thread touches it after creation.
    private let writer: Mutex<WAVWriter?>

    /// Creates the file's temporary twin beside `url`.
    ///
    /// - Throws: ``WAVError`` when the file cannot be created.
    public init(url: URL, sampleRate: Int = PCM.sampleRate, channels: Int = 1, worker: FileWorker) throws(WAVError) {
        self.url = url
        self.channels = channels
        self.worker = worker
        writer = Mutex(try WAVWriter(url: url, sampleRate: sampleRate, channels: channels))
    }

    /// Appends interleaved samples (for mono, just the samples), after everything appended before.
    public func append(_ samples: [Int16]) {
        guard !samples.isEmpty else { return }
        worker.submit { [self] in writer.withLock { $0?.append(samples) } }
    }

    /// Appends two channels given separately; the shorter one is padded with silence (two-channel files only).
    public func appendStereo(left: [Int16], right: [Int16]) {
        guard !left.isEmpty || !right.isEmpty else { return }
        worker.submit { [self] in writer.withLock { $0?.appendStereo(left: left, right: right) } }
    }

    /// Writes what was appended, completes the file and moves it into place; later appends are ignored.
    ///
    /// - Throws: ``WAVError`` when the file could not be written or moved into place.
    public func finish() async throws(WAVError) {
        let outcome: Result<Void, WAVError> = await worker.perform { [self] in
            writer.withLock { slot in
                defer { slot = nil }
                do throws(WAVError) {
                    try slot?.finish()
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
        try outcome.get()
    }
}
