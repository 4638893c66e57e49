import Logging
import NIOCore
import RealtimeCore

/// Accepts connections on the listening channel and serves each in a child task until the listener closes.
struct ConnectionAcceptor: Sendable {
    let configuration: SimulatorConfiguration
    let connection: SessionConnection
    let logger: Logger

    /// Runs until the listening channel is closed and every connection has ended.
    func run(_ listener: NIOAsyncChannel<EventLoopFuture<ConnectionUpgrade>, Never>) async {
        await withDiscardingTaskGroup { group in
            do {
                try await listener.executeThenClose { inbound in
                    for try await upgrade in inbound {
                        group.addTask { await handle(upgrade) }
                    }
                }
            } catch {
                logger.debug("the listener stopped", metadata: ["error": "\(error)"])
            }
        }
    }

    private func handle(_ upgrade: EventLoopFuture<ConnectionUpgrade>) async {
        do {
            switch try await upgrade.get() {
            case .webSocket(let channel, let route):
                logger.debug("session opened", metadata: ["dialect": "\(route.dialect.rawValue)", "model": "\(route.model)"])
                await connection.run(channel, route: route)
            case .http(let channel, let refusal):
                await HTTPResponder.respond(on: channel, refusal: refusal, configuration: configuration, logger: logger)
            }
        } catch {
            logger.debug("connection setup failed", metadata: ["error": "\(error)"])
        }
    }
}
