import Logging
import NIOCore
@_spi(WSInternal) import WSCore

/// The context WSCore hands to a session's handler: a logger, and the channel (to drop it as a fault).
struct SessionContext: WebSocketContext {
    let logger: Logger
    let channel: any Channel
}
