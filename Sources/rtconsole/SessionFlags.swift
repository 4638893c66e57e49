import ArgumentParser
import Foundation
import RealtimeCore

/// The session's starting configuration.
struct SessionFlags: ParsableArguments {
    @Option(help: "Instructions for the model.")
    var instructions: String?

    @Option(help: "Voice: alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar (the last two GA only).")
    var voice: String = "marin"

    @Option(help: "Sampling temperature 0.6…1.2 (beta dialect only; GA models have none).")
    var temperature: Double = 0.8

    @Option(help: "Reply with audio or text.")
    var modalities: OutputModality = .audio

    @Option(help: "Turn detection: server-vad, semantic-vad or manual (push-to-talk).")
    var turnDetection: TurnDetectionMode = .serverVAD

    @Option(help: "Semantic VAD eagerness: low, medium, high, auto.")
    var eagerness: TurnDetection.Eagerness = .auto

    @Option(help: "Server VAD threshold 0…1 (higher needs louder speech).")
    var threshold: Double = 0.5

    @Option(help: "Server VAD audio kept before speech, in ms.")
    var prefixPaddingMs: Int = 300

    @Option(help: "Server VAD silence that ends a turn, in ms.")
    var silenceDurationMs: Int = 500

    @Option(help: "Server VAD idle timeout in ms (GA, 5000…30000): the model speaks after this much silence.")
    var idleTimeoutMs: Int?

    @Option(help: ArgumentHelp("Input transcription model, or none.", discussion: ModelHelp.transcriptionModels))
    var transcriptionModel: String = ModelCatalog.defaultTranscriptionModel

    @Option(help: "Input transcription language (ISO-639-1).")
    var transcriptionLanguage: String?

    @Option(help: "Server noise reduction: near_field, far_field or none.")
    var noiseReduction: String = "none"

    @Option(help: "Speaking speed 0.25…1.5.")
    var speed: Double = 1.0

    @Option(
        help: ArgumentHelp(
            "Reasoning effort of a reasoning model: minimal, low, medium, high, xhigh (default: the model's).",
            discussion: ModelHelp.reasoningModels))
    var reasoningEffort: ReasoningEffort?

    /// The three turn-detection modes as flags spell them.
    enum TurnDetectionMode: String, ExpressibleByArgument, CaseIterable {
        case serverVAD = "server-vad"
        case semanticVAD = "semantic-vad"
        case manual
    }

    /// The configuration these flags describe, validated for a dialect.
    func config(model: String, dialect: Dialect) throws -> SessionConfig {
        var config = SessionConfig()
        config.model = model
        if let instructions { config.instructions = instructions }
        config.voice = voice
        config.temperature = temperature
        config.outputModality = modalities
        config.speed = speed
        config.reasoningEffort = reasoningEffort
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
            config.transcription = TranscriptionSettings(model: transcriptionModel, language: transcriptionLanguage)
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
extension TurnDetection.Eagerness: ExpressibleByArgument {}
