import ArgumentParser
import Foundation
import RealtimeCore

/// Options every figure takes: where the inputs are, where results go, and which rtconsole to measure.
struct CommonOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Folder with the inputs scripts/bench makes (sentences/*.wav, speech-10min.wav, …); logs go here too.",
            valueName: "dir"))
    var work: String

    @Option(help: ArgumentHelp("Folder the figure's result (JSON) is written to.", valueName: "dir"))
    var results: String

    @Option(help: ArgumentHelp("The rtconsole binary to measure (a release build).", valueName: "path"))
    var rtconsole: String = ".build/release/rtconsole"

    /// The inputs folder.
    var workFolder: URL { URL(fileURLWithPath: work) }

    /// The results folder.
    var resultsFolder: URL { URL(fileURLWithPath: results) }

    /// A file in the inputs folder.
    func input(_ name: String) -> URL { workFolder.appendingPathComponent(name) }

    /// The spoken sentences (24 kHz mono), in file-name order.
    func sentences() throws -> [[Int16]] {
        let folder = input("sentences")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".wav") }.sorted()
        guard !names.isEmpty else { throw BenchError("no sentences in \(folder.path): run scripts/bench, which makes them") }
        return try names.map { try WAVAudio.read(contentsOf: folder.appendingPathComponent($0)).monoSamples(at: PCM.sampleRate) }
    }
}
