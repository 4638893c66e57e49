import ArgumentParser
import Foundation
import RealtimeCore
import RealtimeHeadless

/// Headless mode: no screen, files in and out.
struct HeadlessFlags: ParsableArguments {
    @Flag(help: "Run without the full-screen console: stream --input and --say, write the results, exit when the last reply is done.")
    var headless = false

    @Option(
        help: ArgumentHelp("WAV file to stream as the microphone (any rate and channel count).", valueName: "in.wav"),
        completion: CompletionValues.wavFiles)
    var input: String?

    @Option(help: ArgumentHelp("Write the assistant's audio to this WAV file.", valueName: "out.wav"), completion: CompletionValues.wavFiles)
    var output: String?

    @Option(
        help: ArgumentHelp("Write every client and server event to this file as JSON lines.", valueName: "events.jsonl"),
        completion: CompletionValues.eventFiles)
    var events: String?

    @Option(
        help: ArgumentHelp("Write the transcript here at exit (.json, .md, .txt, .srt or .vtt).", valueName: "PATH"),
        completion: CompletionValues.transcriptFiles)
    var export: String?

    @Option(help: "Send this text message (repeatable; sent before the audio).")
    var say: [String] = []

    @Flag(help: "Stream the input as fast as the server takes it instead of in real time (the built-in simulator then answers with tones).")
    var fast = false

    func validate() throws {
        if !headless {
            for (name, value) in [("--input", input), ("--output", output), ("--events", events)] where value != nil {
                throw ValidationError("\(name) works only with --headless; add --headless, or drop \(name)")
            }
            if fast { throw ValidationError("--fast works only with --headless") }
            if !say.isEmpty { throw ValidationError("--say works only with --headless; in the console press t to type") }
        } else if input == nil, say.isEmpty {
            throw ValidationError("--headless needs something to say: give --input in.wav and/or --say \"text\"")
        }
        if let input, !FileManager.default.isReadableFile(atPath: input) {
            throw ValidationError("--input \(input) does not exist or cannot be read")
        }
        if let export, TranscriptFormat(fileExtension: URL(fileURLWithPath: export).pathExtension) == nil {
            throw ValidationError("--export \(export): unknown format; use a .json, .md, .txt, .srt or .vtt file name")
        }
    }

    var options: HeadlessOptions {
        HeadlessOptions(
            input: input.map(URL.init(fileURLWithPath:)), output: output.map(URL.init(fileURLWithPath:)),
            events: events.map(URL.init(fileURLWithPath:)), export: export.map(URL.init(fileURLWithPath:)), say: say, fast: fast)
    }
}
