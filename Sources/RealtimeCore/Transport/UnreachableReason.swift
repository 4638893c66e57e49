import Foundation
import NIOCore
import NIOPosix

/// Why a host could not be reached, in a few words, read from the types of NIO's connection errors (never
/// from their text): the WebSocket transport and the HTTP client name it the same way.
enum UnreachableReason {
    /// "connection refused", "host name not found", "timed out" or the system's words for the socket error;
    /// nil when `error` is not a failure to connect.
    static func of(_ error: any Error) -> String? {
        switch error {
        case ChannelError.connectTimeout:
            return "timed out"
        case let connection as NIOConnectionError:
            let reasons = connection.connectionErrors.compactMap { of($0.error) }
            if reasons.contains("connection refused") { return "connection refused" }
            if let reason = reasons.first { return reason }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "host name not found" }
            return "no address answered"
        case let io as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT, EADDRNOTAVAIL].contains(io.errnoCode):
            return io.errnoCode == ECONNREFUSED ? "connection refused" : systemWords(io.errnoCode)
        default:
            return nil
        }
    }

    /// strerror's text, lower-cased: "network is unreachable".
    private static func systemWords(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
