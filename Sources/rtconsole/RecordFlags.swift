import ArgumentParser
import Foundation
import RealtimeCore

/// History, speech and reliability options.
struct RecordFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp("Start from an earlier conversation: an rtconsole session JSON, or a Markdown/plain transcript.", valueName: "FILE"),
        completion: CompletionValues.historyFiles)
    var history: String?

    @Option(help: "How history reaches the model: items (default) or instructions (folded into the instructions).")
    var historyMode: HistoryMode = .items

    @Option(help: ArgumentHelp("Speak text replies with a separate synthesiser: espeak-ng, or openai[:model[:voice]] (same key).", valueName: "SPEC"))
    var tts: String?

    @Option(
        help: ArgumentHelp("Record the call as a stereo WAV: microphone left, assistant right, aligned in time.", valueName: "FILE.wav"),
        completion: CompletionValues.wavFiles)
    var record: String?

    @Flag(help: "Do not reconnect after a dropped connection, and do not roll over before the session limit.")
    var noReconnect = false

    func validate() throws {
        if let history, !FileManager.default.isReadableFile(atPath: history) {
            throw ValidationError("--history \(history) does not exist or cannot be read")
        }
        if let tts, tts != "espeak-ng", !tts.hasPrefix("openai") {
            throw ValidationError("--tts \(tts) is not espeak-ng or openai[:model[:voice]]")
        }
        if tts == "espeak-ng", !EspeakSpeech.isAvailable {
            throw ValidationError("--tts espeak-ng: espeak-ng is not installed; apt-get install espeak-ng, or use --tts openai")
        }
    }

    /// Starts the recording `--record` asks for.
    func recorder() throws -> CallRecorder? {
        guard let record else { return nil }
        do {
            return try CallRecorder(url: URL(fileURLWithPath: record))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Loads the history entries.
    func loadHistory() throws -> [ConversationEntry] {
        guard let history else { return [] }
        do {
            return try HistoryLoader.load(contentsOf: URL(fileURLWithPath: history))
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The synthesiser `--tts` names, given the call's credential.
    func speech(credential: Credential?) throws -> (any TextToSpeech)? {
        guard let tts else { return nil }
        if tts == "espeak-ng" { return EspeakSpeech() }
        let parts = tts.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let credential else {
            throw ValidationError("--tts openai needs an OpenAI key (OPENAI_API_KEY); use --tts espeak-ng offline")
        }
        return OpenAISpeech(
            model: parts.count > 1 && !parts[1].isEmpty ? parts[1] : "gpt-4o-mini-tts",
            voice: parts.count > 2 && !parts[2].isEmpty ? parts[2] : "marin", credential: credential)
    }
}

extension HistoryMode: ExpressibleByArgument {}
