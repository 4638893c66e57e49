import Foundation
import NIOHTTP1
import RealtimeCore

/// Decides what an HTTP request to the simulator gets: which URL forms are accepted, the dialect, the model
/// and the API-key check.
///
/// Accepted paths: `/v1/realtime?model=…` (OpenAI), `/openai/v1/realtime?model=…` (Azure GA) and
/// `/openai/realtime?api-version=…&deployment=…` (Azure preview, always beta). `OpenAI-Beta: realtime=v1` or the
/// `openai-beta.realtime-v1` subprotocol selects beta on the others. GPT-Live sessions connect to
/// `/v1/live/sessions` (OpenAI) or `/openai/v1/live/sessions` (Azure) without a query; their model comes in
/// `session.start`.
enum ConnectionRequest {
    static let defaultGAModel = ModelCatalog.defaultRealtimeModel
    static let defaultBetaModel = "gpt-4o-realtime-preview-2025-06-03"

    /// The route of a request, or the HTTP error it gets.
    static func evaluate(_ head: HTTPRequestHead, configuration: SimulatorConfiguration) -> Result<ConnectionRoute, HTTPRefusal> {
        let components = URLComponents(string: "http://simulator" + head.uri)
        let path = components?.path ?? head.uri
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let subprotocols = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { String($0).trimmingCharacters(in: .whitespaces) }
        let betaRequested =
            head.headers["OpenAI-Beta"].contains { $0.lowercased().contains("realtime=v1") }
            || subprotocols.contains("openai-beta.realtime-v1")
        let route: ConnectionRoute
        switch path {
        case "/v1/realtime", "/openai/v1/realtime":
            let dialect: Dialect = betaRequested ? .beta : configuration.dialect
            let model = query["model"] ?? (dialect == .ga ? defaultGAModel : defaultBetaModel)
            route = ConnectionRoute(dialect: dialect, model: model, subprotocol: subprotocols.contains("realtime") ? "realtime" : nil)
        case "/openai/realtime":
            let model = query["deployment"] ?? query["model"] ?? defaultBetaModel
            route = ConnectionRoute(dialect: .beta, model: model, subprotocol: subprotocols.contains("realtime") ? "realtime" : nil)
        case "/v1/live/sessions", "/openai/v1/live/sessions":
            route = ConnectionRoute(dialect: configuration.dialect, model: "", subprotocol: nil, service: .live)
        default:
            return .failure(refusal(.notFound, message: "Invalid URL (\(head.method.rawValue) \(path))", code: nil))
        }
        if let required = configuration.requiredAPIKey {
            let key = presentedKey(head, query: query, subprotocols: subprotocols)
            guard let key else {
                return .failure(
                    refusal(
                        .unauthorized,
                        message:
                            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                        code: nil))
            }
            guard key == required else {
                return .failure(
                    refusal(
                        .unauthorized,
                        message:
                            "Incorrect API key provided: \(masked(key)). You can find your API key at https://platform.openai.com/account/api-keys.",
                        code: "invalid_api_key"))
            }
        }
        return .success(route)
    }

    /// The answer to a request that did not upgrade: its refusal, or 426 when the URL was right but no WebSocket was asked for.
    static func refusal(forPlainRequest head: HTTPRequestHead, configuration: SimulatorConfiguration) -> HTTPRefusal {
        switch evaluate(head, configuration: configuration) {
        case .failure(let refusal):
            return refusal
        case .success:
            return refusal(
                .upgradeRequired, message: "This endpoint only accepts WebSocket connections (Upgrade: websocket, Sec-WebSocket-Version: 13).",
                code: nil)
        }
    }

    private static func presentedKey(_ head: HTTPRequestHead, query: [String: String], subprotocols: [String]) -> String? {
        if let authorization = head.headers["Authorization"].first {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        if let key = head.headers["api-key"].first { return key }
        if let key = query["api-key"] { return key }
        let prefix = "openai-insecure-api-key."
        return subprotocols.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    private static func masked(_ key: String) -> String {
        guard key.count > 8 else { return String(repeating: "*", count: key.count) }
        return String(key.prefix(3)) + String(repeating: "*", count: key.count - 7) + String(key.suffix(4))
    }

    private static func refusal(_ status: HTTPResponseStatus, message: String, code: String?) -> HTTPRefusal {
        let body: JSONValue = ["error": ["message": .string(message), "type": "invalid_request_error", "param": nil, "code": .optionalString(code)]]
        return HTTPRefusal(status: status, body: JSONWriter.compact(body))
    }
}
