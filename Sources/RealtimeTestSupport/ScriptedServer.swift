import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A tiny WebSocket server for transport tests: it plays a fixed script of frames to each client,
/// records what the client sends, and answers plain HTTP with chosen statuses (to test failed upgrades).
public final class ScriptedServer: Sendable {
    /// One step of the script.
    public enum Step: Sendable {
        /// Send one text frame.
        case text(String)
        /// Wait until the client has sent this many text messages.
        case awaitClientMessages(Int)
        /// Close with a code and reason.
        case close(code: UInt16, reason: String)
    }

    private let channel: any Channel
    private let received: NIOLockedValueBox<[String]>
    /// The base URL (`ws://127.0.0.1:PORT/v1`).
    public let baseURL: String

    private init(channel: any Channel, received: NIOLockedValueBox<[String]>, port: Int) {
        self.channel = channel
        self.received = received
        self.baseURL = "ws://127.0.0.1:\(port)/v1"
    }

    /// Text messages the clients sent, in order.
    public var clientMessages: [String] { received.withLockedValue { $0 } }

    /// Starts a server on a free loopback port. Requests whose path contains `/reject` get HTTP 401 with an
    /// OpenAI-style JSON error; paths not under `/v1/realtime` or `/v1/live/sessions` get 404.
    public static func start(script: [Step]) async throws -> ScriptedServer {
        let received = NIOLockedValueBox<[String]>([])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 26,
                    shouldUpgrade: { channel, head in
                        let path = head.uri
                        guard path.hasPrefix("/v1/realtime") || path.hasPrefix("/v1/live/sessions"), !path.contains("reject") else {
                            return channel.eventLoop.makeSucceededFuture(nil)
                        }
                        return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                    },
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(ScriptHandler(script: script, received: received))
                        }
                    })
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.removeHandler(name: "plain-http", promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(PlainHTTPHandler(), name: "plain-http")
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        return ScriptedServer(channel: channel, received: received, port: channel.localAddress?.port ?? 0)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// Answers requests that were not upgraded: 401 for `/reject`, 404 otherwise.
final class PlainHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let (status, body): (HTTPResponseStatus, String) =
            head.uri.contains("reject")
            ? (
                .unauthorized,
                #"{"error":{"message":"Incorrect API key provided: sk-bad***.","type":"invalid_request_error","code":"invalid_api_key"}}"#
            )
            : (.notFound, #"{"error":{"message":"Not found","type":"invalid_request_error"}}"#)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: "\(body.utf8.count)")
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Plays the script on one upgraded connection.
final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let script: [ScriptedServer.Step]
    private let received: NIOLockedValueBox<[String]>
    private var next = 0
    private var clientCount = 0
    private var textBuffer: ByteBuffer?

    init(script: [ScriptedServer.Step], received: NIOLockedValueBox<[String]>) {
        self.script = script
        self.received = received
    }

    func handlerAdded(context: ChannelHandlerContext) {
        advance(context: context)
    }

    private func advance(context: ChannelHandlerContext) {
        while next < script.count {
            switch script[next] {
            case .text(let text):
                let frame = WebSocketFrame(fin: true, opcode: .text, data: context.channel.allocator.buffer(string: text))
                context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
            case .awaitClientMessages(let count):
                guard clientCount >= count else { return }
            case .close(let code, let reason):
                var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
                data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code)))
                data.writeString(reason)
                let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in channel.close(promise: nil) }
                next = script.count
                return
            }
            next += 1
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .continuation:
            var payload = frame.unmaskedData
            if textBuffer == nil { textBuffer = payload } else { textBuffer?.writeBuffer(&payload) }
            guard frame.fin, let buffer = textBuffer else { return }
            textBuffer = nil
            received.withLockedValue { $0.append(String(buffer: buffer)) }
            clientCount += 1
            advance(context: context)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}
