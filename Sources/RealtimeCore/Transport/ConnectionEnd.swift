import NIOCore
import NIOPosix

/// How the server ended a connection, in a few words read from NIO's error types (never from their text):
/// it reset it, or closed it (while the WebSocket was still opening, NIO reports an operation on a channel
/// in the wrong state).
enum ConnectionEnd {
    /// "reset the connection" or "closed the connection"; nil when `error` is something else.
    static func of(_ error: any Error) -> String? {
        switch error {
        case let io as IOError where [ECONNRESET, EPIPE].contains(io.errnoCode):
            return "reset the connection"
        case ChannelError.inappropriateOperationForState, ChannelError.eof, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed,
            ChannelError.outputClosed:
            return "closed the connection"
        case let connection as NIOConnectionError:
            let ends = connection.connectionErrors.compactMap { of($0.error) }
            return !ends.isEmpty && ends.count == connection.connectionErrors.count ? ends[0] : nil
        default:
            return nil
        }
    }
}
