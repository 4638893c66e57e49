import Foundation

/// Learns why a WebSocket upgrade failed by repeating the request as plain HTTP.
///
/// swift-websocket reports a refused upgrade without the status or body, so the console could only
/// say "upgrade failed". This makes one ordinary GET to the same URL with the same headers and turns
/// the answer into a message: bad key (401), forbidden (403), not found (404), and the server's own text.
enum UpgradeFailureProbe {
    /// The most of the server's answer that is read: its message is in the first few hundred bytes.
    static let bodyLimit = 64 << 10

    static func explain(endpoint: Endpoint, timeout: Duration) async -> TransportError {
        var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false)
        components?.scheme = endpoint.url.scheme == "wss" ? "https" : "http"
        guard let url = components?.url else {
            return TransportError(.upgradeFailed, "\(endpoint.displayName) refused the WebSocket upgrade")
        }
        let request = HTTPClientRequest(url: url, headers: endpoint.headers, connectTimeout: timeout, idleTimeout: timeout + .seconds(1))
        do {
            let response = try await request.send()
            let body = try await response.collectBody(upTo: bodyLimit)
            return describe(status: response.status, body: body, endpoint: endpoint)
        } catch {
            return TransportError(.upgradeFailed, "\(endpoint.displayName) refused the WebSocket upgrade (\(error.message))")
        }
    }

    static func describe(status: Int, body: [UInt8], endpoint: Endpoint) -> TransportError {
        let serverMessage = serverText(body)
        let suffix = serverMessage.map { " — server says: \($0)" } ?? ""
        let server = endpoint.displayName
        switch status {
        case 401:
            let source = endpoint.credential.map { " (key \($0.redacted) from \($0.source))" } ?? " (no key was sent)"
            return TransportError(.rejected(status: 401), "\(server) rejected the API key\(source): check OPENAI_API_KEY or --api-key-env\(suffix)")
        case 403:
            return TransportError(
                .rejected(status: 403), "\(server) refused access (403): the key lacks permission for realtime or this model\(suffix)")
        case 404:
            return TransportError(
                .rejected(status: 404), "\(server) has no realtime endpoint or model '\(endpoint.model)' (404): check --endpoint and --model\(suffix)"
            )
        case 429:
            return TransportError(.rejected(status: 429), "\(server) is rate limiting or out of quota (429)\(suffix)")
        case 200..<300:
            return TransportError(.upgradeFailed, "\(server) answered HTTP \(status) but is not a WebSocket endpoint: check --endpoint")
        default:
            return TransportError(.rejected(status: status), "\(server) refused the connection with HTTP \(status)\(suffix)")
        }
    }

    static func serverText(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, let text = String(validating: body, as: UTF8.self) else { return nil }
        if let json = try? JSONParser.parse(text), let message = json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue {
            return message
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.lowercased().hasPrefix("<!doctype html") || trimmed.lowercased().hasPrefix("<html") {
            // A web page, not an API's answer: its title says more than its first line of markup.
            let title = trimmed.range(of: "<title>", options: .caseInsensitive).flatMap { start in
                trimmed.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<trimmed.endIndex).map {
                    trimmed[start.upperBound..<$0.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return "a web page" + (title.map { $0.isEmpty ? "" : " titled \"\($0.prefix(100))\"" } ?? "")
                + ", not an API error (is the URL a Realtime endpoint?)"
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? nil : String(line.prefix(200))
    }
}
