import Logging
import NIOCore
import NIOHTTP1

/// Answers requests that did not become WebSockets with an OpenAI-style JSON error, then closes.
enum HTTPResponder {
    /// Reads the request and answers with `refusal`, or with what ``ConnectionRequest`` decides for its head.
    static func respond(
        on channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, refusal: HTTPRefusal?,
        configuration: SimulatorConfiguration, logger: Logger
    ) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                reading: for try await part in inbound {
                    switch part {
                    case .head(let received): head = received
                    case .body: continue
                    case .end: break reading
                    }
                }
                guard let refusal = refusal ?? head.map({ ConnectionRequest.refusal(forPlainRequest: $0, configuration: configuration) }) else {
                    return
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(refusal.body.utf8.count))
                headers.add(name: "Connection", value: "close")
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: refusal.status, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: refusal.body))))
                try await outbound.write(.end(nil))
                logger.debug("refused HTTP request", metadata: ["uri": "\(head?.uri ?? "?")", "status": "\(refusal.status.code)"])
            }
        } catch {
            logger.debug("HTTP request failed", metadata: ["error": "\(error)"])
        }
    }
}
