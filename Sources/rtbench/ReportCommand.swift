import ArgumentParser
import Foundation

/// Prints every figure's table and writes BENCHMARKS.md with the machine the run was measured on.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print the tables and write BENCHMARKS.md.")

    /// The figures, in order.
    static let figureNumbers = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]

    @Option(help: ArgumentHelp("Folder with the figures' results (JSON).", valueName: "dir"))
    var results: String

    @Option(help: ArgumentHelp("The Markdown file to write.", valueName: "path"))
    var output = "BENCHMARKS.md"

    @Option(help: "When the run started (as scripts/bench saw it).")
    var started: String = ""

    @Option(help: "The load average when the run started.")
    var startLoad: String = ""

    @Option(help: "The load average when the run ended.")
    var endLoad: String = ""

    @Option(help: "The source the binaries were built from (commit, and whether the tree had changes).")
    var source: String = ""

    func run() throws {
        let folder = URL(fileURLWithPath: results)
        let figures = try Self.figureNumbers.compactMap { try FigureResult.load(figure: $0, from: folder) }
        let machine = MachineInfo.current()
        let finished = figures.compactMap(\.measuredAt).max().map { ISO8601DateFormatter().string(from: $0) } ?? ""
        var terminal = "\nrtconsole benchmarks — \(machine.cpu), \(machine.cores) cores, \(machine.memory), \(machine.swift)\n"
        for figure in figures {
            terminal += "\nFigure \(figure.figure): \(figure.title)\n" + Self.plainTable(figure.columns, figure.rows)
        }
        terminal += "\nTargets\n" + Self.plainTable(["figure", "target", "required", "measured", "verdict"], Self.targetRows(figures))
        FileHandle.standardOutput.write(Data((terminal + "\n").utf8))
        try markdown(figures, machine: machine, finished: finished).write(toFile: output, atomically: true, encoding: .utf8)
        Progress.say("wrote \(output)")
    }

    private static func targetRows(_ figures: [FigureResult]) -> [[String]] {
        figures.flatMap { figure in figure.targets.map { [figure.figure, $0.name, $0.target, $0.measured, $0.verdict] } }
    }

    private func markdown(_ figures: [FigureResult], machine: MachineInfo, finished: String) -> String {
        var text = """
            # rtconsole benchmarks

            Every figure below was measured by `scripts/bench` on the machine described here (each figure says when); \
            nothing is copied from elsewhere or written by hand. Run it again with `scripts/bench` (all figures, about \
            85 minutes, an hour of it the long call of figure 3; it prints what it measures as it goes) or \
            `scripts/bench N …` for some of them; each figure's result is kept in bench/results/, so a partial run keeps \
            the others. It is run by hand, \
            never by CI or the tests. The machine is shared with other builds and tests, so times carry that noise: medians \
            are quoted, and the Python client is measured in the same run as rtconsole so the comparison holds.

            ## Machine

            | | |
            |---|---|
            | CPU | \(machine.cpu) |
            | cores | \(machine.cores) |
            | memory | \(machine.memory) |
            | OS | \(machine.system) |
            | Swift | \(machine.swift) |
            | run | \(started.isEmpty ? "" : "started \(started), ")last figure measured \(finished) |
            | load average (1, 5, 15 min) | \(startLoad) at the start, \(endLoad) at the end |
            | source | \(source) |

            ## Targets

            """
        text += "\n" + Self.markdownTable(["figure", "target", "required", "measured", "verdict"], Self.targetRows(figures)) + "\n"
        for figure in figures {
            let when = figure.measuredAt.map { "Measured \(ISO8601DateFormatter().string(from: $0)). " } ?? ""
            text +=
                "\n## Figure \(figure.figure): \(figure.title)\n\n\(when)\(figure.method)\n\n" + Self.markdownTable(figure.columns, figure.rows)
                + "\n"
            if !figure.notes.isEmpty { text += "\n" + figure.notes.map { "- \($0)" }.joined(separator: "\n") + "\n" }
            if let screen = figure.screen { text += "\nThe console's screen at the end of the measured call:\n\n```text\n\(screen)\n```\n" }
        }
        let missing = Self.figureNumbers.filter { number in !figures.contains { $0.figure == number } }
        if !missing.isEmpty { text += "\nNot measured in this run: figure \(missing.joined(separator: ", ")).\n" }
        return text
    }

    private static func markdownTable(_ columns: [String], _ rows: [[String]]) -> String {
        let escape = { (cell: String) in cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + columns.map(escape).joined(separator: " | ") + " |", "|" + columns.map { _ in "---" }.joined(separator: "|") + "|"]
        lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }

    private static func plainTable(_ columns: [String], _ rows: [[String]]) -> String {
        let all = [columns] + rows
        let widths = columns.indices.map { index in all.map { index < $0.count ? $0[index].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(columns), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
            + "\n"
    }
}
