import ArgumentParser
import Foundation
import RealtimeCore

/// `rtconsole export`: converts a saved session into another transcript format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Convert a saved session (JSON) into Markdown, text, SRT, WebVTT or JSON.",
        discussion: "Autosaved sessions live in $XDG_STATE_HOME/rtconsole/sessions (default ~/.local/state/rtconsole/sessions)."
    )

    @Argument(help: ArgumentHelp("A session JSON file written by rtconsole.", valueName: "FILE"))
    var file: String

    @Option(help: "Output format: json, md, txt, srt or vtt.")
    var format: TranscriptFormat = .md

    @Option(name: .shortAndLong, help: "Write here instead of standard output.")
    var output: String?

    func run() throws {
        let record: SessionRecord
        do {
            record = try SessionRecord.load(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError(error.message)
        }
        if let output {
            do {
                try TranscriptExporter.write(record, as: format, to: URL(fileURLWithPath: output))
            } catch {
                throw ValidationError(error.description)
            }
        } else {
            try? FileHandle.standardOutput.write(contentsOf: Data(SecretRedactor.shared.redact(TranscriptExporter.render(record, as: format)).utf8))
        }
    }
}

extension TranscriptFormat: ExpressibleByArgument {}
