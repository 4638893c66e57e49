import Foundation

/// Where a session connects, with which protocol (Realtime in a dialect, or GPT-Live), with which headers.
public struct Endpoint: Sendable, Equatable {
    /// What kind of server this is, for the header line and for defaults (session limits).
    public enum Kind: String, Sendable, Equatable {
        case openAI = "OpenAI"
        case azure = "Azure OpenAI"
        case azurePreview = "Azure OpenAI (preview)"
        case custom = "custom server"
        case localSimulator = "local simulator"
    }

    public var kind: Kind
    /// The full WebSocket URL, query included.
    public var url: URL
    /// The protocol: Realtime (then `dialect` says which shape) or GPT-Live.
    public var api: VoiceAPI
    /// The Realtime dialect; GPT-Live endpoints keep the default (`ga`) and do not read it.
    public var dialect: Dialect
    /// The model (or Azure deployment) requested.
    public var model: String
    public var credential: Credential?
    /// Headers besides the credential (`OpenAI-Beta` for the beta dialect).
    public var extraHeaders: [String: String]

    /// The server's maximum session length (OpenAI 60 min, Azure 30 min).
    public var defaultSessionLimit: Duration {
        switch kind {
        case .azure, .azurePreview: .seconds(30 * 60)
        default: .seconds(60 * 60)
        }
    }

    /// All headers to send on the upgrade request.
    public var headers: [(name: String, value: String)] {
        var all = extraHeaders.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if let credential { all.append(credential.header) }
        return all
    }

    /// The host and path for display (no query, no secrets).
    public var displayName: String {
        let host = url.host ?? "?"
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(host)\(port)\(url.path)"
    }

    /// OpenAI's service: `wss://api.openai.com/v1/realtime?model=…` (GA), or `wss://api.openai.com/v1/live/sessions`
    /// for GPT-Live.
    public static func openAI(model: String, credential: Credential?, api: VoiceAPI = .realtime) -> Endpoint {
        let base = "wss://api.openai.com/v1"
        switch api {
        case .realtime: return custom(baseURL: base, model: model, dialect: .ga, credential: credential, kind: .openAI)!
        case .live: return live(baseURL: base, model: model, credential: credential, kind: .openAI)!
        }
    }

    /// Azure GA: `wss://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>`, or
    /// `…/openai/v1/live/sessions` for GPT-Live (the deployment is then the model of `session.start`).
    public static func azure(resource: String, deployment: String, credential: Credential?, api: VoiceAPI = .realtime) -> Endpoint? {
        let base = Self.webSocketBase(resource) + "/openai/v1"
        switch api {
        case .realtime: return custom(baseURL: base, model: deployment, dialect: .ga, credential: credential, kind: .azure)
        case .live: return live(baseURL: base, model: deployment, credential: credential, kind: .azure)
        }
    }

    /// Any GPT-Live server: a base URL such as `wss://api.openai.com/v1` to which `/live/sessions` is
    /// appended (http becomes ws); a URL that already ends in `/live/sessions` is used as it is. No query:
    /// the model goes in `session.start`.
    public static func live(baseURL: String, model: String, credential: Credential?, kind: Kind = .custom) -> Endpoint? {
        guard var components = webSocketComponents(baseURL) else { return nil }
        if components.path.hasSuffix("/realtime") { components.path.removeLast("/realtime".count) }
        if !components.path.hasSuffix("/live/sessions") { components.path += "/live/sessions" }
        guard let url = components.url else { return nil }
        return Endpoint(kind: kind, url: url, api: .live, dialect: .ga, model: model, credential: credential, extraHeaders: [:])
    }

    /// Azure legacy preview (beta dialect): `…/openai/realtime?api-version=…&deployment=…`.
    public static func azurePreview(resource: String, deployment: String, apiVersion: String, credential: Credential?) -> Endpoint? {
        var components = URLComponents(string: Self.webSocketBase(resource) + "/openai/realtime")
        components?.queryItems = [URLQueryItem(name: "api-version", value: apiVersion), URLQueryItem(name: "deployment", value: deployment)]
        guard let url = components?.url else { return nil }
        return Endpoint(kind: .azurePreview, url: url, api: .realtime, dialect: .beta, model: deployment, credential: credential, extraHeaders: [:])
    }

    /// Any server: a base URL such as `ws://127.0.0.1:8765/v1` or `https://host/v1` (http becomes ws),
    /// to which `/realtime?model=…` is appended, as the openai SDK does. A URL that already ends in
    /// `/realtime` is used as it is.
    public static func custom(baseURL: String, model: String, dialect: Dialect, credential: Credential?, kind: Kind = .custom) -> Endpoint? {
        guard var components = webSocketComponents(baseURL) else { return nil }
        if !components.path.hasSuffix("/realtime") { components.path += "/realtime" }
        var query = components.queryItems ?? []
        if !query.contains(where: { $0.name == "model" || $0.name == "deployment" }) {
            query.append(URLQueryItem(name: "model", value: model))
        }
        components.queryItems = query
        guard let url = components.url else { return nil }
        let headers = dialect == .beta ? ["OpenAI-Beta": "realtime=v1"] : [:]
        return Endpoint(kind: kind, url: url, api: .realtime, dialect: dialect, model: model, credential: credential, extraHeaders: headers)
    }

    /// A base URL as WebSocket URL components (http becomes ws, no trailing slash); nil when it is not one.
    static func webSocketComponents(_ baseURL: String) -> URLComponents? {
        var base = baseURL.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst(8) }
        if base.hasPrefix("http://") { base = "ws://" + base.dropFirst(7) }
        guard base.hasPrefix("ws://") || base.hasPrefix("wss://"), let components = URLComponents(string: base) else { return nil }
        guard components.host?.isEmpty == false else { return nil }
        return components
    }

    static func webSocketBase(_ resource: String) -> String {
        var base = resource.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasPrefix("https://") { return "wss://" + base.dropFirst(8) }
        if base.hasPrefix("http://") { return "ws://" + base.dropFirst(7) }
        if base.hasPrefix("ws://") || base.hasPrefix("wss://") { return base }
        if base.contains(".") { return "wss://" + base }
        return "wss://\(base).openai.azure.com"
    }

    /// Creates an endpoint from its parts.
    public init(
        kind: Kind, url: URL, api: VoiceAPI = .realtime, dialect: Dialect, model: String, credential: Credential?, extraHeaders: [String: String]
    ) {
        self.kind = kind
        self.url = url
        self.api = api
        self.dialect = dialect
        self.model = model
        self.credential = credential
        self.extraHeaders = extraHeaders
    }

    public static func == (lhs: Endpoint, rhs: Endpoint) -> Bool {
        lhs.kind == rhs.kind && lhs.url == rhs.url && lhs.api == rhs.api && lhs.dialect == rhs.dialect && lhs.model == rhs.model
            && lhs.credential == rhs.credential && lhs.extraHeaders == rhs.extraHeaders
    }
}
