import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Learns why a WebSocket upgrade failed by repeating the request as plain HTTP.
///
/// swift-websocket reports a refused upgrade without the status or body, so the console could only
/// say "upgrade failed". This makes one ordinary GET to the same URL with the same headers and turns
/// the answer into a message: bad key (401), forbidden (403), not found (404), and the server's own text.
enum UpgradeFailureProbe {
    static func explain(endpoint: Endpoint, timeout: Duration) async -> TransportError {
        var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false)
        components?.scheme = endpoint.url.scheme == "wss" ? "https" : "http"
        guard let url = components?.url else {
            return TransportError(.upgradeFailed, "\(endpoint.displayName) refused the WebSocket upgrade")
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = Double(timeout.components.seconds) + 1
        for header in endpoint.headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return TransportError(.upgradeFailed, "\(endpoint.displayName) refused the WebSocket upgrade")
            }
            return describe(status: http.statusCode, body: data, endpoint: endpoint)
        } catch {
            return TransportError(.upgradeFailed, "\(endpoint.displayName) refused the WebSocket upgrade (\(error.localizedDescription))")
        }
    }

    static func describe(status: Int, body: Data, endpoint: Endpoint) -> TransportError {
        let serverMessage = serverText(body)
        let suffix = serverMessage.map { " — server says: \($0)" } ?? ""
        let where_ = endpoint.displayName
        switch status {
        case 401:
            let source = endpoint.credential.map { " (key \($0.redacted) from \($0.source))" } ?? " (no key was sent)"
            return TransportError(.rejected(status: 401), "\(where_) rejected the API key\(source): check OPENAI_API_KEY or --api-key-env\(suffix)")
        case 403:
            return TransportError(.rejected(status: 403), "\(where_) refused access (403): the key lacks permission for realtime or this model\(suffix)")
        case 404:
            return TransportError(.rejected(status: 404), "\(where_) has no realtime endpoint or model '\(endpoint.model)' (404): check --endpoint and --model\(suffix)")
        case 429:
            return TransportError(.rejected(status: 429), "\(where_) is rate limiting or out of quota (429)\(suffix)")
        case 200..<300:
            return TransportError(.upgradeFailed, "\(where_) answered HTTP \(status) but is not a WebSocket endpoint: check --endpoint")
        default:
            return TransportError(.rejected(status: status), "\(where_) refused the connection with HTTP \(status)\(suffix)")
        }
    }

    static func serverText(_ body: Data) -> String? {
        guard !body.isEmpty, let text = String(data: body, encoding: .utf8) else { return nil }
        if let json = try? JSONParser.parse(text), let message = json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue {
            return message
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? nil : String(line.prefix(200))
    }
}
