import ArgumentParser
import RealtimeCore

/// Where to connect and how to authenticate.
struct ConnectionFlags: ParsableArguments {
    @Option(
        help:
            "Base URL of any Realtime or GPT-Live server (ws://, wss://, http:// or https://), e.g. ws://127.0.0.1:8765/v1. Default: OPENAI_BASE_URL, else OpenAI."
    )
    var endpoint: String?

    @Option(help: ArgumentHelp("Model, or Azure deployment.", discussion: ModelHelp.realtimeModels), completion: CompletionValues.models)
    var model: String = ModelCatalog.defaultRealtimeModel

    @Option(help: "Protocol dialect: ga or beta (legacy servers and Azure preview deployments).")
    var dialect: Dialect?

    @Option(help: "Voice protocol: realtime or live (GPT-Live). Default: live for gpt-live-* models, realtime otherwise.")
    var api: VoiceAPI?

    @Option(
        name: .customLong("api-key-env"), help: ArgumentHelp("Read the API key from this environment variable (or .env entry).", valueName: "NAME"))
    var apiKeyVariable: String?

    @Option(help: "Azure OpenAI resource name or URL (else AZURE_OPENAI_ENDPOINT). Uses AZURE_OPENAI_API_KEY.")
    var azureEndpoint: String?

    @Option(help: "Azure deployment name (default: --model).")
    var azureDeployment: String?

    @Option(help: "Azure api-version: selects the legacy preview API (beta dialect).")
    var azureApiVersion: String?

    @Option(help: "The server's maximum session length in minutes (default: 60 on OpenAI, 30 on Azure).")
    var maxSessionMinutes: Int?

    var resolverFlags: EndpointResolver.Flags {
        var flags = EndpointResolver.Flags()
        flags.endpoint = endpoint
        flags.model = model
        flags.dialect = dialect
        flags.api = api
        flags.apiKeyVariable = apiKeyVariable
        flags.azureEndpoint = azureEndpoint
        flags.azureDeployment = azureDeployment
        flags.azureAPIVersion = azureApiVersion
        return flags
    }

    func validate() throws {
        if let minutes = maxSessionMinutes, !(1...600).contains(minutes) {
            throw ValidationError("--max-session-minutes \(minutes) is outside 1…600; give the server's limit in minutes")
        }
    }
}

extension Dialect: ExpressibleByArgument {}
extension VoiceAPI: ExpressibleByArgument {}
