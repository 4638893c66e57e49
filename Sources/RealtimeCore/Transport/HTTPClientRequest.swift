import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 request (http or https) on a connection of its own, made with swift-nio.
///
/// It stands in for URLSession so the binary does not link Foundation's networking library and libcurl.
/// `send()` connects, writes the request with `Host`, `Content-Length` (when there is a body) and
/// `Connection: close`, and returns once the response head has arrived; the body follows as byte chunks
/// in the order they were read. The connection closes when the body has been read, when the caller drops
/// or stops iterating the body, when the task awaiting the head is cancelled, or when nothing is read for
/// `idleTimeout`. Failure messages name the host and port, never the headers (which carry the API key).
struct HTTPClientRequest: Sendable {
    var method: HTTPMethod
    /// An http:// or https:// URL with a host; the path and query are sent as they are encoded.
    var url: URL
    /// Headers to send. `Host`, `Content-Length`, `Connection` and `Transfer-Encoding` are set by the request.
    var headers: [(name: String, value: String)]
    var body: [UInt8]?
    /// The longest wait for the TCP connection.
    var connectTimeout: Duration
    /// The longest wait for the next bytes once connected: for the TLS handshake and the response head, then
    /// between body chunks (as URLSession's `timeoutInterval`).
    var idleTimeout: Duration

    init(
        method: HTTPMethod = .GET, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }

    /// The status and headers, and the body still arriving.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        /// The body as it is read, ending when the response is complete; it throws a `Failure` when the
        /// connection breaks or stalls first. Dropping it, or cancelling its iteration, closes the connection.
        var body: AsyncThrowingStream<[UInt8], any Error>

        /// Reads the body until it ends or `limit` bytes have arrived, and returns at most `limit` bytes.
        /// The connection closes when the response is dropped.
        func collectBody(upTo limit: Int) async throws(Failure) -> [UInt8] {
            var collected: [UInt8] = []
            do {
                for try await chunk in body {
                    collected += chunk.prefix(limit - collected.count)
                    if collected.count >= limit { break }
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(.connectionLost, "reading the response body failed: \(error)")
            }
            return collected
        }
    }

    /// Why a request got no complete answer, in one line without secrets.
    struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        enum Kind: Sendable, Equatable {
            /// Not an http:// or https:// URL with a host.
            case invalidURL
            /// Nothing answered (connection refused, host name not found, connect timeout).
            case unreachable
            /// The TLS handshake or TLS record layer failed.
            case tls
            /// Connected, but nothing was read for `idleTimeout`.
            case timedOut
            /// The connection broke or closed before the response was complete.
            case connectionLost
            /// The task waiting for the response was cancelled.
            case cancelled
        }

        var kind: Kind
        var message: String

        /// Creates a failure (the message is redacted of secrets).
        init(_ kind: Kind, _ message: String) {
            self.kind = kind
            self.message = SecretRedactor.shared.redact(message)
        }

        var description: String { message }
    }

    /// Connects, sends the request and waits for the response head.
    ///
    /// - Throws: `Failure` when the URL is not usable, the server cannot be reached, TLS fails, the
    ///   connection breaks or stalls before the head, or the calling task is cancelled.
    func send() async throws(Failure) -> Response {
        let destination = try Destination(url)
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await connect(to: destination)
        } catch {
            throw Self.failure(from: error, place: destination.place)
        }
        let parts = requestParts(for: destination)
        let head = channel.channel.eventLoop.makePromise(of: HTTPResponseHead.self)
        let (body, bodySink) = AsyncThrowingStream.makeStream(of: [UInt8].self, throwing: (any Error).self)
        let exchange = Task {
            await Self.exchange(on: channel, sending: parts, head: head, body: bodySink, place: destination.place)
        }
        bodySink.onTermination = { _ in exchange.cancel() }
        do {
            let response = try await withTaskCancellationHandler {
                try await head.futureResult.get()
            } onCancel: {
                exchange.cancel()
            }
            return Response(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw Self.failure(from: error, place: destination.place)
        }
    }

    /// Where the request goes, taken apart from the URL.
    private struct Destination {
        var host: String
        var port: Int
        var usesTLS: Bool
        /// The path and query for the request line.
        var target: String
        /// The `Host` header value.
        var hostHeader: String
        /// `host:port` for messages.
        var place: String

        init(_ url: URL) throws(Failure) {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
                var host = components.host, !host.isEmpty
            else {
                throw Failure(
                    .invalidURL, "only http:// and https:// URLs with a host can be requested, not \(url.scheme ?? "(no scheme)")://\(url.host ?? "")"
                )
            }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let defaultPort = scheme == "https" ? 443 : 80
            let literalHost = host.contains(":") ? "[\(host)]" : host
            self.host = host
            port = components.port ?? defaultPort
            usesTLS = scheme == "https"
            let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            target = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
            hostHeader = port == defaultPort ? literalHost : "\(literalHost):\(port)"
            place = "\(literalHost):\(port)"
        }

        /// The TLS server name: the host, unless it is an IP address (SNI must not carry one).
        var serverName: String? {
            (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
        }
    }

    /// Opens the connection with TLS (for https), the HTTP/1.1 codec and the idle timeout in the pipeline.
    private func connect(to destination: Destination) async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        let tls = destination.usesTLS ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let serverName = destination.serverName
        let idleTimeout = idleTimeout
        let stalled = Failure(.timedOut, "\(destination.place) sent nothing for \(idleTimeout.components.seconds) s")
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: destination.host, port: destination.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
                    try pipeline.addHandler(StallHandler(failure: stalled))
                    return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// The request head with the headers this type manages, the body if any, and the end.
    private func requestParts(for destination: Destination) -> [HTTPClientRequestPart] {
        let managed: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: destination.target)
        for header in headers where !managed.contains(header.name.lowercased()) {
            head.headers.add(name: header.name, value: header.value)
        }
        head.headers.add(name: "Host", value: destination.hostHeader)
        if let body { head.headers.add(name: "Content-Length", value: String(body.count)) }
        head.headers.add(name: "Connection", value: "close")
        var parts: [HTTPClientRequestPart] = [.head(head)]
        if let body { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        return parts
    }

    /// Writes the request and hands the response on: the head to `head`, the body chunks to `body`.
    /// Every path completes both; the channel is closed on return.
    ///
    /// When the write fails, the channel is closed and what was read is still handed on: the reason is
    /// usually there (a TLS handshake failure, or a server that answered and closed before reading the body).
    private static func exchange(
        on channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>,
        sending parts: [HTTPClientRequestPart], head: EventLoopPromise<HTTPResponseHead>,
        body: AsyncThrowingStream<[UInt8], any Error>.Continuation, place: String
    ) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var writeError: (any Error)?
                do {
                    try await outbound.write(contentsOf: parts)
                } catch {
                    writeError = error
                    channel.channel.close(promise: nil)
                }
                for try await part in inbound {
                    switch part {
                    case .head(let response):
                        head.succeed(response)
                    case .body(let bytes):
                        body.yield(Array(bytes.readableBytesView))
                    case .end:
                        body.finish()
                        return
                    }
                }
                throw writeError ?? Failure(.connectionLost, "\(place) closed the connection before the response was complete")
            }
        } catch {
            let failure = failure(from: error, place: place)
            head.fail(failure)
            body.finish(throwing: failure)
        }
    }

    /// Names an error from NIO, NIOSSL or the exchange in words, by the host and port only.
    private static func failure(from error: any Error, place: String) -> Failure {
        switch error {
        case let failure as Failure:
            return failure
        case is CancellationError:
            return Failure(.cancelled, "the request to \(place) was cancelled")
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            return Failure(.tls, "TLS with \(place) failed (\(error))")
        default:
            if let why = UnreachableReason.of(error) { return Failure(.unreachable, "cannot reach \(place) (\(why))") }
            return Failure(.connectionLost, "the connection to \(place) failed (\(error))")
        }
    }

    /// Ends the exchange when `IdleStateHandler` reports that nothing was read for the idle timeout.
    private final class StallHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias InboundOut = HTTPClientResponsePart

        private let failure: Failure

        init(failure: Failure) {
            self.failure = failure
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard case .read? = event as? IdleStateHandler.IdleStateEvent else {
                context.fireUserInboundEventTriggered(event)
                return
            }
            context.fireErrorCaught(failure)
            context.close(promise: nil)
        }
    }
}
