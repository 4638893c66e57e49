import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import RealtimeCore

/// UnreachableReason: failures to connect named from the error's type, other errors left alone.
@Suite struct UnreachableReasonTests {
    struct SomethingElse: Error, CustomStringConvertible {
        var description: String { "could not connect, refused to resolve" }
    }

    @Test func socketErrorsAreNamedByTheirCode() {
        #expect(UnreachableReason.of(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "connection refused")
        #expect(UnreachableReason.of(IOError(errnoCode: ENETUNREACH, reason: "connect")) == "network is unreachable")
        #expect(UnreachableReason.of(ChannelError.connectTimeout(.seconds(10))) == "timed out")
    }

    @Test func otherErrorsAreNotFailuresToConnectWhateverTheirTextSays() {
        #expect(UnreachableReason.of(SomethingElse()) == nil)
        #expect(UnreachableReason.of(IOError(errnoCode: EPIPE, reason: "write")) == nil)
        #expect(UnreachableReason.of(ChannelError.ioOnClosedChannel) == nil)
    }

    @Test func aRefusedConnectionThroughNIOsHappyEyeballsIsNamed() async throws {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: 1).get()
            try await channel.close()
            Issue.record("port 1 accepted a connection")
        } catch {
            #expect(error is NIOConnectionError)
            #expect(UnreachableReason.of(error) == "connection refused")
        }
    }
}
