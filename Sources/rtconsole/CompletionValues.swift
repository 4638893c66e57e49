import ArgumentParser
import AudioIO
import ConsoleSettings
import Foundation
import RealtimeCore

/// What shell completion offers for option values (`rtconsole --generate-completion-script bash|zsh|fish`):
/// the names the call accepts, found when the shell asks (themes in the user's folder, the sound
/// server's devices), and files of the kinds an option reads or writes.
enum CompletionValues {
    /// Call models, then transcription models: the catalog's current ids.
    static let models = CompletionKind.list(
        ModelCatalog.currentModels(in: .realtime).map(\.id) + ModelCatalog.currentModels(in: .live).map(\.id))
    static let transcriptionModels = CompletionKind.list(ModelCatalog.currentModels(in: .transcription).map(\.id) + ["none"])
    /// Every built-in voice of either protocol.
    static let voices = CompletionKind.list(Array(Set(Voice.ga + Voice.live)).sorted())
    /// The built-in themes and the user's.
    static let themes = CompletionKind.custom { _, _, _ in
        ThemeCatalog.listing(environment: ProcessInfo.processInfo.environment).map(\.name)
    }
    /// The sound server's sources (empty when none can be reached).
    static let inputDevices = CompletionKind.custom { _, _, _ in devices(input: true) }
    /// The sound server's sinks.
    static let outputDevices = CompletionKind.custom { _, _, _ in devices(input: false) }
    static let wavFiles = CompletionKind.file(extensions: ["wav"])
    static let transcriptFiles = CompletionKind.file(extensions: ["json", "md", "txt", "srt", "vtt"])
    static let historyFiles = CompletionKind.file(extensions: ["json", "md", "txt"])
    static let jsonFiles = CompletionKind.file(extensions: ["json"])
    static let eventFiles = CompletionKind.file(extensions: ["jsonl"])
    static let tomlFiles = CompletionKind.file(extensions: ["toml"])

    private static func devices(input: Bool) -> [String] {
        ((try? PulseDevices.list()) ?? []).filter { $0.isInput == input }.map(\.name)
    }
}
