import Logging
import NIOCore
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// Runs one WebSocket connection: WSCore's handler for framing, ping/pong and the close handshake; a reader
/// that feeds client messages to the session (Realtime or GPT-Live, by the route); and a writer that drains the
/// session's outgoing frames.
struct SessionConnection: Sendable {
    /// The server to register the session with.
    let server: SimulatorServer
    /// The session's environment except the dialect and model, which come from the route.
    let environment: SimulatedSession.Environment

    /// Serves the connection until either side closes it.
    func run(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, route: ConnectionRoute) async {
        var routed = environment
        routed.dialect = route.dialect
        routed.model = route.model
        let environment = routed
        let context = SessionContext(logger: environment.logger, channel: channel.channel)
        let configuration = WebSocketHandler.Configuration(
            extensions: [], autoPing: .disabled, validateUTF8: true, maxFrameSize: ConnectionUpgrade.maxFrameSize
        )
        do {
            _ = try await WebSocketHandler.handle(type: .server, configuration: configuration, asyncChannel: channel, context: context) {
                inbound, outbound, context in
                await serve(environment: environment, route: route, inbound: inbound, outbound: outbound, context: context)
            }
        } catch {
            environment.logger.debug("WebSocket connection ended with an error", metadata: ["error": "\(error)"])
        }
    }

    private func serve(
        environment: SimulatedSession.Environment, route: ConnectionRoute, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter, context: SessionContext
    ) async {
        let (frames, continuation) = AsyncStream.makeStream(of: OutgoingFrame.self)
        let session: any ServedSession =
            switch route.service {
            case .realtime: SimulatedSession(environment: environment, outgoing: continuation)
            case .live: SimulatedLiveSession(environment: SimulatedLiveSession.Environment(environment), outgoing: continuation)
            }
        let key = await server.register(session)
        await session.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.write(frames, to: outbound, context: context, log: environment.frameLog) }
            group.addTask {
                await Self.read(inbound, into: session)
                await session.clientDisconnected()
            }
            await group.next()
            // The writer sent a close (or the client left): give the other side a moment to finish the handshake.
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
        await session.clientDisconnected()
        await server.unregister(key)
    }

    private static func read(_ inbound: WebSocketInboundStream, into session: any ServedSession) async {
        do {
            for try await message in inbound.messages(maxSize: ConnectionUpgrade.maxFrameSize) {
                switch message {
                case .text(let text): await session.receive(text)
                case .binary: await session.receiveBinary()
                }
            }
        } catch {
            return
        }
    }

    private static func write(
        _ frames: AsyncStream<OutgoingFrame>, to outbound: WebSocketOutboundWriter, context: SessionContext,
        log: FrameLog?
    ) async {
        do {
            for await frame in frames {
                switch frame {
                case .event(let text):
                    log?.record(.server, json: text)
                    try await outbound.write(.text(text))
                case .malformed(let text):
                    log?.record(.server, text: text)
                    try await outbound.write(.text(text))
                case .pause(let duration):
                    try await Task.sleep(for: duration)
                case .close(let code, let reason):
                    try await outbound.close(WebSocketErrorCode(codeNumber: code), reason: closeReason(reason))
                    return
                case .drop:
                    try await context.channel.close()
                    return
                }
            }
        } catch {
            context.logger.debug("writing to the client failed", metadata: ["error": "\(error)"])
        }
    }

    /// A close reason fits in 123 bytes of UTF-8.
    private static func closeReason(_ reason: String) -> String {
        var result = ""
        for character in reason {
            guard result.utf8.count + String(character).utf8.count <= 123 else { break }
            result.append(character)
        }
        return result
    }
}
