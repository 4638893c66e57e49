import ArgumentParser
import RealtimeCore

/// GPT-Live's own settings: where the model delegates work.
struct LiveFlags: ParsableArguments {
    @Option(help: "GPT-Live delegation: client (the console answers from the config file's tools), responses (a backend model) or decisions.")
    var delegation: LiveDelegation.Kind?

    @Option(help: ArgumentHelp("The Responses model a responses delegation hands work to.", valueName: "MODEL"))
    var backendModel: String?

    @Option(help: ArgumentHelp("The backend model's reasoning effort: none, minimal, low, medium, high or xhigh.", valueName: "EFFORT"))
    var backendReasoning: String?

    @Option(help: ArgumentHelp("Instructions for the backend model (its business rules and tool use).", valueName: "TEXT"))
    var backendInstructions: String?

    @Option(help: ArgumentHelp("A yes/no question for decisions delegation (repeatable).", valueName: "TEXT"))
    var decisionQuestion: [String] = []

    @Option(
        help: ArgumentHelp(
            "The config file's tool that does client-delegated work, called with {\"task\": …} (default: the first [[tools]] entry).",
            valueName: "NAME"))
    var delegateTool: String?

    /// LiveKit's default backend model, used when none is named.
    static let defaultBackendModel = "gpt-5.6-luna"
    /// Flags that only GPT-Live reads.
    static let liveOnly = [
        "--delegation", "--backend-model", "--backend-reasoning", "--backend-instructions", "--decision-question", "--delegate-tool",
    ]

    /// Realtime flags that have no meaning on GPT-Live, where the server owns turn-taking and sampling.
    static let realtimeOnly = [
        "--dialect", "--temperature", "--modalities", "--turn-detection", "--eagerness", "--threshold", "--prefix-padding-ms",
        "--silence-duration-ms", "--idle-timeout-ms", "--transcription-model", "--transcription-language", "--noise-reduction", "--speed",
        "--reasoning-effort", "--parallel-tool-calls", "--no-parallel-tool-calls", "--truncation", "--noise-reduction-strength",
        "--transcription-delay", "--transcription-keywords", "--transcription-languages", "--transcription-logprobs", "--history-mode",
        "--tts", "--say",
    ]

    /// The first of `names` the command line gives (as `--name`, `--name=value`), if any.
    static func firstGiven(_ names: [String], in arguments: [String]) -> String? {
        names.first { name in arguments.contains { $0 == name || $0.hasPrefix(name + "=") } }
    }

    /// Refuses flags of the other protocol, in one line each.
    static func checkProtocol(_ api: VoiceAPI, model: String, arguments: [String]) throws {
        switch api {
        case .live:
            if let flag = firstGiven(realtimeOnly, in: arguments) {
                throw ValidationError(
                    "\(flag) is for Realtime calls, and \(model) is a GPT-Live call (speech only; the server decides turns and sampling); drop \(flag), or use a Realtime model (--api realtime)"
                )
            }
        case .realtime:
            if let flag = firstGiven(liveOnly, in: arguments) {
                throw ValidationError(
                    "\(flag) is a GPT-Live setting, and \(model) is a Realtime call; drop \(flag), or use a GPT-Live model (--model gpt-live-1.1)")
            }
        }
    }

    /// The GPT-Live options these flags describe; the config file's tools become the backend's function tools.
    func options(tools: [ToolDefinition]) throws -> LiveOptions {
        let kind = delegation ?? .client
        if kind != .responses, let flag = Self.firstGiven(["--backend-model", "--backend-reasoning", "--backend-instructions"], in: givenFlags) {
            throw ValidationError("\(flag) is for --delegation responses, not \(kind.rawValue); add --delegation responses or drop \(flag)")
        }
        if kind != .client, delegateTool != nil {
            throw ValidationError("--delegate-tool is for --delegation client, not \(kind.rawValue); drop it")
        }
        if kind != .decisions, !decisionQuestion.isEmpty {
            throw ValidationError("--decision-question is for --delegation decisions, not \(kind.rawValue); add --delegation decisions or drop it")
        }
        switch kind {
        case .client:
            if let delegateTool, !tools.contains(where: { $0.name == delegateTool }) {
                let known = tools.map(\.name).joined(separator: ", ")
                throw ValidationError(
                    "--delegate-tool \(delegateTool) is not a [[tools]] entry of the config file\(known.isEmpty ? " (it has none)" : "; it has \(known)")"
                )
            }
            var options = LiveOptions(delegation: .client())
            options.delegateTool = delegateTool
            return options
        case .responses:
            if let effort = backendReasoning, !LiveResponsesBackend.reasoningEfforts.contains(effort) {
                throw ValidationError("--backend-reasoning \(effort) is not one of \(LiveResponsesBackend.reasoningEfforts.joined(separator: ", "))")
            }
            let functions = tools.filter { $0.type == "function" }.map(\.responsesTool)
            let backend = LiveResponsesBackend(
                model: backendModel ?? Self.defaultBackendModel, instructions: backendInstructions, reasoningEffort: backendReasoning,
                tools: functions)
            return LiveOptions(delegation: .responses(backend))
        case .decisions:
            guard !decisionQuestion.isEmpty else {
                throw ValidationError(
                    "--delegation decisions needs at least one --decision-question \"…\" (a yes/no question the model's turns are judged by)")
            }
            let questions: [JSONValue] = decisionQuestion.enumerated().map { index, text in
                ["type": "predicate", "name": .string("q\(index + 1)"), "instructions": .string(text)]
            }
            return LiveOptions(delegation: .decisions(model: backendModel ?? Self.defaultBackendModel, questions: questions))
        }
    }

    /// The flags this run was given, as the command line spells them.
    private var givenFlags: [String] { CommandLine.arguments }
}

extension LiveDelegation.Kind: ExpressibleByArgument {}

extension ToolDefinition {
    /// The tool as a Responses function tool (flat: `{type, name, description, parameters}`), as a GPT-Live
    /// backend takes it.
    var responsesTool: JSONValue {
        var object: JSONObject = ["type": "function", "name": .string(name)]
        object["description"] = description.map(JSONValue.string)
        object["parameters"] = parameters
        return .object(object)
    }
}
