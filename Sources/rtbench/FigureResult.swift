import Foundation

/// One figure of the benchmark: its table, the targets it checks, how it was measured, and notes.
///
/// Each `rtbench` subcommand writes one of these as JSON into the results folder; `rtbench report`
/// reads them all back and prints and writes BENCHMARKS.md.
struct FigureResult: Codable, Sendable {
    /// The figure's number in BENCHMARKS.md ("1" … "6").
    var figure: String
    var title: String
    /// How the figure is measured, in a few sentences.
    var method: String
    var columns: [String]
    var rows: [[String]]
    var targets: [TargetCheck] = []
    /// Caveats and observations that belong next to the numbers.
    var notes: [String] = []
    /// A terminal screen shown with the figure (what the console showed while it was measured).
    var screen: String?
    /// When the figure was measured (set when it is saved).
    var measuredAt: Date?

    /// The file a figure is stored in inside a results folder.
    static func url(figure: String, in folder: URL) -> URL {
        folder.appendingPathComponent("figure\(figure).json")
    }

    /// Writes the result as JSON into a results folder.
    func save(in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var stamped = self
        stamped.measuredAt = Date()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(stamped).write(to: Self.url(figure: figure, in: folder), options: .atomic)
    }

    /// Reads a figure back from a results folder, or nil when that figure was not run.
    static func load(figure: String, from folder: URL) throws -> FigureResult? {
        let url = url(figure: figure, in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(FigureResult.self, from: Data(contentsOf: url))
    }
}
