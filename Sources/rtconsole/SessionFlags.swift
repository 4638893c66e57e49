import ArgumentParser
import ConsoleSettings
import Foundation
import RealtimeCore

/// The session's starting configuration.
struct SessionFlags: ParsableArguments {
    @Option(help: "Instructions for the model.")
    var instructions: String?

    @Option(
        help: "Voice: alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar (the last two GA only). Default: marin, alloy under beta.",
        completion: CompletionValues.voices)
    var voice: String?

    @Option(parsing: .unconditional, help: "Sampling temperature 0.6…1.2 (beta dialect only; GA models have none).")
    var temperature: Double = 0.8

    @Option(help: "Reply with audio or text.")
    var modalities: OutputModality = .audio

    @Option(help: "Turn detection: server-vad, semantic-vad or manual (push-to-talk).")
    var turnDetection: TurnDetectionMode = .serverVAD

    @Option(help: "Semantic VAD eagerness: low, medium, high, auto.")
    var eagerness: TurnDetection.Eagerness = .auto

    @Option(parsing: .unconditional, help: "Server VAD threshold 0…1 (higher needs louder speech).")
    var threshold: Double = 0.5

    @Option(parsing: .unconditional, help: "Server VAD audio kept before speech, in ms.")
    var prefixPaddingMs: Int = 300

    @Option(parsing: .unconditional, help: "Server VAD silence that ends a turn, in ms.")
    var silenceDurationMs: Int = 500

    @Option(parsing: .unconditional, help: "Server VAD idle timeout in ms (GA, 5000…30000): the model speaks after this much silence.")
    var idleTimeoutMs: Int?

    @Option(
        help: ArgumentHelp("Input transcription model, or none.", discussion: ModelHelp.transcriptionModels),
        completion: CompletionValues.transcriptionModels)
    var transcriptionModel: String = ModelCatalog.defaultTranscriptionModel

    @Option(help: "Input transcription language (ISO-639-1).")
    var transcriptionLanguage: String?

    @Option(help: "Server noise reduction: near_field, far_field or none.")
    var noiseReduction: String = "none"

    @Option(parsing: .unconditional, help: "Speaking speed 0.25…1.5.")
    var speed: Double = 1.0

    @Option(
        help: ArgumentHelp(
            "Reasoning effort of a reasoning model: minimal, low, medium, high, xhigh (default: the model's).",
            discussion: ModelHelp.reasoningModels))
    var reasoningEffort: ReasoningEffort?

    @Flag(inversion: .prefixedNo, help: "Let a reasoning model call several tools at once (default: the server's).")
    var parallelToolCalls: Bool?

    @Option(
        help: ArgumentHelp(
            "How the server shortens a long conversation: auto, disabled, or a retention ratio 0…1 (RATIO or RATIO:TOKENS).",
            valueName: "MODE"))
    var truncation: String?

    @Option(parsing: .unconditional, help: "Noise-reduction strength, 0 or more (higher suppresses more; 1 by default).")
    var noiseReductionStrength: Double?

    @Option(help: "How long gpt-realtime-whisper may wait for more context: minimal, low, medium, high, xhigh.")
    var transcriptionDelay: TranscriptionDelay?

    @Option(
        help: ArgumentHelp("Words the transcription should listen for, comma-separated (gpt-live-transcribe, gpt-transcribe).", valueName: "WORDS"))
    var transcriptionKeywords: String?

    @Option(
        help: ArgumentHelp("ISO-639-1 languages the speech may be in, comma-separated (gpt-live-transcribe, gpt-transcribe).", valueName: "CODES"))
    var transcriptionLanguages: String?

    @Flag(help: "Ask for the input transcription's log-probabilities; each user line then shows a confidence figure.")
    var transcriptionLogprobs = false

    /// The three turn-detection modes as flags spell them.
    enum TurnDetectionMode: String, ExpressibleByArgument, CaseIterable {
        case serverVAD = "server-vad"
        case semanticVAD = "semantic-vad"
        case manual
    }

    /// Refuses flags that the rest of the command line makes meaningless, in one line each, rather than
    /// ignoring them silently.
    func checkMeaningful(dialect: Dialect, arguments: [String]) throws {
        if dialect == .ga, let flag = LiveFlags.firstGiven(["--temperature"], in: arguments) {
            throw ValidationError("\(flag) is for the beta dialect: GA models have no temperature; drop it, or add --dialect beta for a beta server")
        }
        let serverVADOnly = ["--threshold", "--prefix-padding-ms", "--silence-duration-ms", "--idle-timeout-ms"]
        if turnDetection != .serverVAD, let flag = LiveFlags.firstGiven(serverVADOnly, in: arguments) {
            throw ValidationError(
                "\(flag) applies to server VAD, and --turn-detection is \(turnDetection.rawValue); drop \(flag), or use --turn-detection server-vad")
        }
        if turnDetection != .semanticVAD, let flag = LiveFlags.firstGiven(["--eagerness"], in: arguments) {
            throw ValidationError(
                "\(flag) applies to semantic VAD, and --turn-detection is \(turnDetection.rawValue); drop \(flag), or use --turn-detection semantic-vad"
            )
        }
    }

    /// The configuration of a GPT-Live call: the model, instructions and voice (the rest is the Realtime protocol's).
    func liveConfig(model: String) throws -> SessionConfig {
        var config = SessionConfig()
        config.model = model
        if let instructions { config.instructions = instructions }
        config.voice = voice ?? "marin"
        do {
            try config.validateForLive()
        } catch {
            throw ValidationError("--\(error.field) \(error.message)")
        }
        return config
    }

    /// The configuration these flags describe over the config file's `[session]` defaults, validated for a dialect.
    func config(model: String, dialect: Dialect, defaults: ConfigFile.SessionDefaults = .init()) throws -> SessionConfig {
        var config = SessionConfig()
        config.model = model
        if let instructions { config.instructions = instructions }
        config.voice = voice ?? Voice.defaultVoice(for: dialect)
        config.temperature = temperature
        config.outputModality = modalities
        config.speed = speed
        config.reasoningEffort = reasoningEffort ?? defaults.reasoningEffort
        config.parallelToolCalls = parallelToolCalls ?? defaults.parallelToolCalls
        if let truncation {
            guard let mode = Truncation(argument: truncation) else {
                throw ValidationError("--truncation \(truncation) is not auto, disabled, RATIO or RATIO:TOKENS (e.g. 0.8 or 0.8:20000)")
            }
            config.truncation = mode
        } else {
            config.truncation = defaults.truncation
        }
        config.noiseReductionStrength = noiseReductionStrength ?? defaults.noiseReductionStrength
        config.transcriptionLogprobs = transcriptionLogprobs || defaults.transcriptionLogprobs
        switch turnDetection {
        case .serverVAD:
            config.turnDetection = .serverVAD(
                TurnDetection.ServerVAD(
                    threshold: threshold, prefixPaddingMs: prefixPaddingMs,
                    silenceDurationMs: silenceDurationMs, idleTimeoutMs: idleTimeoutMs))
        case .semanticVAD:
            config.turnDetection = .semanticVAD(TurnDetection.SemanticVAD(eagerness: eagerness))
        case .manual:
            config.turnDetection = nil
        }
        if transcriptionModel.lowercased() == "none" {
            config.transcription = nil
        } else {
            guard ModelCatalog.model(transcriptionModel)?.family == .transcription else {
                let known = ModelCatalog.currentModels(in: .transcription).map(\.id).joined(separator: ", ")
                throw ValidationError(
                    "--transcription-model \(transcriptionModel) is not a transcription model rtconsole knows; choose one of \(known), or none")
            }
            var transcription = TranscriptionSettings(model: transcriptionModel, language: transcriptionLanguage)
            transcription.delay = transcriptionDelay ?? defaults.transcriptionDelay
            transcription.keywords = Self.list(transcriptionKeywords) ?? defaults.transcriptionKeywords
            transcription.languages = Self.list(transcriptionLanguages) ?? defaults.transcriptionLanguages
            config.transcription = transcription
        }
        switch noiseReduction.lowercased() {
        case "none", "off": config.noiseReduction = nil
        case let value:
            guard let reduction = NoiseReduction(rawValue: value.replacingOccurrences(of: "-", with: "_")) else {
                throw ValidationError("--noise-reduction \(noiseReduction) is not near_field, far_field or none")
            }
            config.noiseReduction = reduction
        }
        do {
            try config.validate(for: dialect)
        } catch {
            throw ValidationError(
                "--\(error.field.replacingOccurrences(of: "turn_detection.", with: "").replacingOccurrences(of: "_", with: "-")) \(error.message)")
        }
        return config
    }
}

extension OutputModality: ExpressibleByArgument {}
extension ReasoningEffort: ExpressibleByArgument {}
extension TranscriptionDelay: ExpressibleByArgument {}

extension SessionFlags {
    /// A comma-separated list, trimmed; nil when not given.
    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
extension TurnDetection.Eagerness: ExpressibleByArgument {}
