import Foundation
import RealtimeCore

extension ParameterPanel {
    /// A comparable rendering of one field's value.
    static func value(_ field: ParameterField, in config: SessionConfig) -> String {
        switch field {
        case .voice: config.voice
        case .temperature: Format.fixed(config.temperature, decimals: 2)
        case .reasoning: config.reasoningEffort?.rawValue ?? ""
        case .parallelToolCalls: config.parallelToolCalls.map { "\($0)" } ?? ""
        case .truncation: config.truncation?.description ?? ""
        case .noiseStrength: config.noiseReductionStrength.map { Format.fixed($0, decimals: 1) } ?? ""
        case .transcriptionDelay: config.transcription?.delay?.rawValue ?? ""
        case .transcriptionKeywords: config.transcription?.keywords?.joined(separator: ",") ?? ""
        case .transcriptionLanguages: config.transcription?.languages?.joined(separator: ",") ?? ""
        case .logprobs: "\(config.transcriptionLogprobs)"
        case .turnDetection:
            switch config.turnDetection {
            case .serverVAD: "server"
            case .semanticVAD: "semantic"
            case nil: "manual"
            }
        case .eagerness:
            if case .semanticVAD(let v) = config.turnDetection { v.eagerness.rawValue } else { "" }
        case .threshold:
            if case .serverVAD(let v) = config.turnDetection { Format.fixed(v.threshold, decimals: 2) } else { "" }
        case .prefixPadding:
            if case .serverVAD(let v) = config.turnDetection { "\(v.prefixPaddingMs)" } else { "" }
        case .silenceDuration:
            if case .serverVAD(let v) = config.turnDetection { "\(v.silenceDurationMs)" } else { "" }
        case .outputModality: config.outputModality.rawValue
        case .speed: Format.fixed(config.speed, decimals: 2)
        case .noiseReduction: config.noiseReduction?.rawValue ?? "off"
        case .transcription: config.transcription?.model ?? "off"
        case .instructions: config.instructions
        case .addInstructions, .delegation, .backendModel, .backendReasoning: ""
        }
    }
}
