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

    @Argument(help: ArgumentHelp("A session JSON file written by rtconsole.", valueName: "FILE"), completion: CompletionValues.jsonFiles)
    var file: String

    @Option(help: "Output format: json, md, txt, srt or vtt (default: from the -o file's extension, else md).")
    var format: TranscriptFormat?

    @Option(name: .shortAndLong, help: "Write here instead of standard output.", completion: CompletionValues.transcriptFiles)
    var output: String?

    func run() throws {
        let record: SessionRecord
        let url = URL(fileURLWithPath: file)
        if let written = TranscriptFormat(fileExtension: url.pathExtension), written != .json {
            throw ValidationError(
                "\(file) is a transcript (.\(url.pathExtension)), not a saved session: export converts the session JSON files rtconsole saves "
                    + "(in $XDG_STATE_HOME/rtconsole/sessions); to go on from a transcript, start a call with --history \(file)")
        }
        do {
            record = try SessionRecord.load(contentsOf: url)
        } catch {
            throw ValidationError(error.message)
        }
        if let output {
            let url = URL(fileURLWithPath: output)
            let folder = url.deletingLastPathComponent()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("-o \(output): the folder \(folder.path) does not exist; create it first or write elsewhere")
            }
            do {
                try TranscriptExporter.write(record, as: format ?? TranscriptFormat(fileExtension: url.pathExtension) ?? .md, to: url)
            } catch {
                throw ValidationError(error.description)
            }
        } else {
            let text = TranscriptExporter.render(record, as: format ?? .md)
            try? FileHandle.standardOutput.write(contentsOf: Data(SecretRedactor.shared.redact(text).utf8))
        }
    }
}

extension TranscriptFormat: ExpressibleByArgument {}
