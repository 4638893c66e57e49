import Foundation
import RealtimeCore

/// Appends every frame of every session to a JSON-lines file in the envelope format the conformance checker
/// (`integration/python/rtconformance.py`) reads,
/// `{"dir":"client"|"server","event":{…}}`, one write per line.
///
/// Writes run on a ``FileWorker`` of its own, never on the cooperative pool or an event loop; lines keep
/// the order they were recorded in.
final class FrameLog: Sendable {
    /// Which side sent a frame.
    enum Direction: String, Sendable {
        case client, server
    }

    private let worker = FileWorker(name: "sim.frame-log")
    private let handle: FileHandle

    /// Opens (creating if needed) the file for appending.
    init(url: URL) throws(SimulatorError) {
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw SimulatorError(.frameLogUnwritable, message: "cannot create the frame log \(url.path)")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw SimulatorError(.frameLogUnwritable, message: "cannot open the frame log \(url.path): \(FileErrorReason.of(error))")
        }
    }

    /// Records a frame that holds one compact JSON value (no line breaks).
    func record(_ direction: Direction, json: String) {
        append("{\"dir\":\"\(direction.rawValue)\",\"event\":\(json)}\n")
    }

    /// Records a frame that is not JSON, as a JSON string.
    func record(_ direction: Direction, text: String) {
        var line = "{\"dir\":\"\(direction.rawValue)\",\"event\":"
        JSONWriter.writeString(text, into: &line)
        line += "}\n"
        append(line)
    }

    /// Writes what is pending and closes the file.
    func close() async {
        await worker.perform { [handle] in try? handle.close() }
    }

    private func append(_ line: String) {
        worker.submit { [handle] in
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }
}
