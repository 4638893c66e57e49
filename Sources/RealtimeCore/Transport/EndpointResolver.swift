import Foundation

/// Decides where a call goes and with which key, from flags, the environment and `.env`
/// (in that order of precedence).
public struct EndpointResolver: Sendable {
    /// What the command line said.
    public struct Flags: Sendable {
        /// `--endpoint`: any server's base URL.
        public var endpoint: String?
        public var model: String = ModelCatalog.defaultRealtimeModel
        /// `--dialect`; nil means the endpoint's default.
        public var dialect: Dialect?
        /// `--api`; nil follows the model (GPT-Live for `gpt-live-*`, Realtime otherwise).
        public var api: VoiceAPI?
        /// `--api-key-env NAME`: read the key from this variable.
        public var apiKeyVariable: String?
        /// `--azure-endpoint`: an Azure OpenAI resource (name or URL).
        public var azureEndpoint: String?
        /// `--azure-deployment`.
        public var azureDeployment: String?
        /// `--azure-api-version`: use the legacy preview (beta) API.
        public var azureAPIVersion: String?

        /// Creates empty flags.
        public init() {}
    }

    /// The outcome: a real endpoint, or the built-in simulator because no key was found.
    public enum Decision: Sendable, Equatable {
        case remote(Endpoint)
        /// No key and no endpoint: use the local simulator (with the model, protocol and dialect asked for).
        case localSimulator(model: String, api: VoiceAPI, dialect: Dialect)
    }

    /// A configuration that cannot work, in one line.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public var flags: Flags
    public var environment: [String: String]
    public var dotEnv: [String: String]

    /// Creates a resolver.
    public init(flags: Flags, environment: [String: String], dotEnv: [String: String]) {
        self.flags = flags
        self.environment = environment
        self.dotEnv = dotEnv
    }

    func value(_ name: String) -> (value: String, source: String)? {
        if let v = environment[name], !v.isEmpty { return (v, name) }
        if let v = dotEnv[name], !v.isEmpty { return (v, "\(name) in .env") }
        return nil
    }

    /// The protocol of the call: `--api`, else the model's.
    public var api: VoiceAPI { flags.api ?? VoiceAPI.forModel(flags.model) }

    /// Resolves the endpoint.
    public func resolve() throws(Failure) -> Decision {
        let api = self.api
        if api == .live, flags.dialect == .beta {
            throw Failure(
                message: "--dialect beta is a Realtime dialect, and \(flags.model) is a GPT-Live call; drop --dialect, or pick a Realtime model")
        }
        if api == .live, flags.azureAPIVersion != nil {
            throw Failure(
                message:
                    "--azure-api-version selects Azure's Realtime preview, which has no GPT-Live; drop it (GPT-Live is at /openai/v1/live/sessions)")
        }
        var namedKey: (value: String, source: String)?
        if let variable = flags.apiKeyVariable {
            guard let found = value(variable) else {
                throw Failure(
                    message:
                        "--api-key-env names \(variable), but \(variable) is not set in the environment or .env; export it or name another variable")
            }
            namedKey = (found.value, "--api-key-env \(variable)")
        }
        let azureResource = flags.azureEndpoint ?? value("AZURE_OPENAI_ENDPOINT")?.value
        if let azureResource, flags.endpoint == nil {
            let key = namedKey ?? value("AZURE_OPENAI_API_KEY")
            guard let key else {
                throw Failure(
                    message: "Azure endpoint \(azureResource) needs a key: set AZURE_OPENAI_API_KEY (or name a variable with --api-key-env)")
            }
            let deployment = flags.azureDeployment ?? value("AZURE_OPENAI_DEPLOYMENT")?.value ?? flags.model
            let credential = Credential(secret: key.value, scheme: .azureAPIKey, source: key.source)
            let version = flags.azureAPIVersion ?? value("OPENAI_API_VERSION")?.value
            let endpoint: Endpoint?
            if let version, flags.dialect != .ga, api == .realtime {
                endpoint = Endpoint.azurePreview(resource: azureResource, deployment: deployment, apiVersion: version, credential: credential)
            } else {
                endpoint = Endpoint.azure(resource: azureResource, deployment: deployment, credential: credential, api: api)
            }
            guard let endpoint else {
                throw Failure(message: "\(azureResource) is not a usable Azure endpoint; give the resource name or https://NAME.openai.azure.com")
            }
            return .remote(endpoint)
        }
        let key = namedKey ?? value("OPENAI_API_KEY")
        let credential = key.map { Credential(secret: $0.value, scheme: .bearer, source: $0.source) }
        let base = flags.endpoint ?? value("OPENAI_BASE_URL")?.value
        if let base {
            let dialect = flags.dialect ?? .ga
            let custom =
                api == .live
                ? Endpoint.live(baseURL: base, model: flags.model, credential: credential)
                : Endpoint.custom(baseURL: base, model: flags.model, dialect: dialect, credential: credential)
            guard let endpoint = custom else {
                throw Failure(
                    message: "'\(base)' is not a usable endpoint: give a ws://, wss://, http:// or https:// base URL such as wss://api.openai.com/v1")
            }
            return .remote(endpoint.url.host == "api.openai.com" ? Endpoint.openAI(model: flags.model, credential: credential, api: api) : endpoint)
        }
        guard let credential else { return .localSimulator(model: flags.model, api: api, dialect: flags.dialect ?? .ga) }
        if flags.dialect == .beta {
            throw Failure(
                message:
                    "OpenAI no longer serves the beta dialect (it answers beta_api_shape_disabled); drop --dialect beta, or use --endpoint for a beta-speaking server"
            )
        }
        return .remote(Endpoint.openAI(model: flags.model, credential: credential, api: api))
    }
}
