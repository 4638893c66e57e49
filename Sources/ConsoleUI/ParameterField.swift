/// One row of the settings panel.
public enum ParameterField: Int, CaseIterable, Sendable, Hashable {
    case voice
    case temperature
    case reasoning
    case turnDetection
    case eagerness
    case threshold
    case prefixPadding
    case silenceDuration
    case outputModality
    case speed
    case noiseReduction
    case noiseStrength
    case transcription
    case transcriptionDelay
    case transcriptionKeywords
    case transcriptionLanguages
    case logprobs
    case parallelToolCalls
    case truncation
    case instructions
    /// GPT-Live: instructions added to the session's (`session.instructions.append`).
    case addInstructions
    /// GPT-Live: where the model delegates work (its type is fixed at start).
    case delegation
    /// GPT-Live, Responses delegation: the backend model.
    case backendModel
    /// GPT-Live, Responses delegation: the backend's reasoning effort.
    case backendReasoning

    /// The rows of a Realtime call.
    public static let realtimeFields: [ParameterField] = allCases.filter { !liveFields.contains($0) || $0 == .voice || $0 == .instructions }
    /// The rows of a GPT-Live call: what it fixes at start, and what it lets change.
    public static let liveFields: [ParameterField] = [.voice, .instructions, .addInstructions, .delegation, .backendModel, .backendReasoning]

    /// The row's label.
    public var title: String {
        switch self {
        case .voice: "Voice"
        case .temperature: "Temperature"
        case .reasoning: "Reasoning"
        case .turnDetection: "Turn detection"
        case .eagerness: "Eagerness"
        case .threshold: "Threshold"
        case .prefixPadding: "Prefix padding"
        case .silenceDuration: "Silence"
        case .outputModality: "Output"
        case .speed: "Speed"
        case .noiseReduction: "Noise reduction"
        case .noiseStrength: "Noise strength"
        case .transcription: "Transcription"
        case .transcriptionDelay: "Transcr. delay"
        case .transcriptionKeywords: "Keywords"
        case .transcriptionLanguages: "Languages"
        case .logprobs: "Confidence"
        case .parallelToolCalls: "Parallel tools"
        case .truncation: "Truncation"
        case .instructions: "Instructions"
        case .addInstructions: "Add to instr."
        case .delegation: "Delegation"
        case .backendModel: "Backend model"
        case .backendReasoning: "Backend effort"
        }
    }

    /// What the setting does and how to change it, for the panel's message line.
    public var help: String {
        switch self {
        case .voice: "←→ choose the voice; it is fixed once the assistant has spoken"
        case .temperature: "←→ 0.6…1.2 in steps of 0.05 (beta dialect only)"
        case .reasoning: "←→ how much a reasoning model thinks: minimal, low, medium, high, xhigh"
        case .turnDetection: "←→ server VAD, semantic VAD or manual (push-to-talk)"
        case .eagerness: "←→ how soon semantic VAD ends your turn: low, medium, high, auto"
        case .threshold: "←→ server VAD loudness threshold 0…1 (higher needs louder speech)"
        case .prefixPadding: "←→ audio kept before detected speech, in steps of 50 ms"
        case .silenceDuration: "←→ silence that ends your turn, in steps of 50 ms"
        case .outputModality: "←→ the assistant answers with audio or with text"
        case .speed: "←→ speaking speed 0.25…1.5 in steps of 0.05"
        case .noiseReduction: "←→ off, near field (headset) or far field (laptop, room)"
        case .noiseStrength: "←→ how strongly noise is suppressed, in steps of 0.1 (1 by default)"
        case .transcription: "←→ choose a model, Enter to type one (none turns it off)"
        case .transcriptionDelay: "←→ how long gpt-realtime-whisper waits for context: longer is more accurate"
        case .transcriptionKeywords: "Enter to type words the transcription listens for, comma-separated"
        case .transcriptionLanguages: "Enter to type the languages you may speak (ISO-639-1, comma-separated)"
        case .logprobs: "←→ show how sure the transcription of each of your lines is"
        case .parallelToolCalls: "←→ let a reasoning model call several tools at once"
        case .truncation: "←→ how the server shortens a long conversation: auto, disabled, or keep a share"
        case .instructions: "Enter to edit the instructions"
        case .addInstructions: "Enter to type instructions the model adds to its own from now on"
        case .delegation: "where the model hands work it cannot do in speech: client, responses or decisions"
        case .backendModel: "Enter to type the Responses model that does delegated work"
        case .backendReasoning: "←→ how much the backend model thinks: none, minimal, low, medium, high, xhigh"
        }
    }

    /// True for fields edited as text with Enter.
    public var isText: Bool {
        [.instructions, .transcription, .transcriptionKeywords, .transcriptionLanguages, .addInstructions, .backendModel].contains(self)
    }

    /// The field a server error's `param` names (`session.audio.output.voice`, `session.turn_detection.eagerness`…).
    public init?(wireParameter: String?) {
        guard let parameter = wireParameter?.lowercased(), !parameter.isEmpty else { return nil }
        let table: [(String, ParameterField)] = [
            ("transcription.delay", .transcriptionDelay), ("noise_reduction.strength", .noiseStrength),
            ("transcription.keywords", .transcriptionKeywords), ("transcription.languages", .transcriptionLanguages),
            ("eagerness", .eagerness), ("threshold", .threshold), ("prefix_padding", .prefixPadding), ("silence_duration", .silenceDuration),
            ("turn_detection", .turnDetection), ("voice", .voice), ("temperature", .temperature), ("modalities", .outputModality),
            ("speed", .speed), ("noise_reduction", .noiseReduction), ("transcription", .transcription), ("instructions", .instructions),
            ("reasoning", .reasoning), ("parallel_tool_calls", .parallelToolCalls), ("truncation", .truncation), ("include", .logprobs),
        ]
        guard let match = table.first(where: { parameter.contains($0.0) }) else { return nil }
        self = match.1
    }
}
