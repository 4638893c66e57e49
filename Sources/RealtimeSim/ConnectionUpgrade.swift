import NIOCore
import NIOHTTP1
import NIOWebSocket

/// What a new TCP connection became: a WebSocket session, or a plain HTTP request to answer with an error.
enum ConnectionUpgrade: Sendable {
    /// The largest frame (and message) accepted in either direction: 64 MiB.
    static let maxFrameSize = 64 << 20

    case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, ConnectionRoute)
    /// An HTTP request to answer with an error: the refusal decided at the upgrade attempt, or nil for a
    /// request that did not ask for an upgrade (its head is still to be read).
    case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, HTTPRefusal?)

    /// Sets up a child channel's pipeline: HTTP/1.1 with a WebSocket upgrader that accepts the routes of
    /// ``ConnectionRequest``. Runs on the channel's event loop.
    static func configure(_ channel: any Channel, configuration: SimulatorConfiguration) throws -> EventLoopFuture<ConnectionUpgrade> {
        // A refused upgrade consumes the request head, so the refusal is kept here for the HTTP answer.
        let refusal = NIOLoopBoundBox<HTTPRefusal?>(nil, eventLoop: channel.eventLoop)
        let upgrader = NIOTypedWebSocketServerUpgrader<ConnectionUpgrade>(
            maxFrameSize: maxFrameSize,
            shouldUpgrade: { channel, head in
                let route: ConnectionRoute
                switch ConnectionRequest.evaluate(head, configuration: configuration) {
                case .success(let accepted):
                    route = accepted
                case .failure(let refused):
                    refusal.value = refused
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                var headers = HTTPHeaders()
                if let subprotocol = route.subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let route = try ConnectionRequest.evaluate(head, configuration: configuration).get()
                    let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true)
                    )
                    return .webSocket(webSocket, route)
                }
            }
        )
        let upgrade = NIOTypedHTTPServerUpgradeConfiguration<ConnectionUpgrade>(
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    .http(try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel), refusal.value)
                }
            }
        )
        var pipeline = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrade)
        pipeline.enablePipelining = false
        return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipeline)
    }
}
