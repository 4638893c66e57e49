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

    @Test func aWebPageInsteadOfAnAPIErrorIsNamedByItsTitle() {
        let page = Array("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>404 Not Found</title></head></html>".utf8)
        #expect(
            UpgradeFailureProbe.serverText(page)
                == "a web page titled \"404 Not Found\", not an API error (is the URL a Realtime endpoint?)")
        #expect(UpgradeFailureProbe.serverText(Array(#"{"error":{"message":"Invalid URL"}}"#.utf8)) == "Invalid URL")
    }

    @Test func aConnectionTheServerEndedIsNamedAsAResetOrAClose() {
        #expect(ConnectionEnd.of(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)")) == "reset the connection")
        #expect(ConnectionEnd.of(ChannelError.inappropriateOperationForState) == "closed the connection")
        #expect(ConnectionEnd.of(ChannelError.eof) == "closed the connection")
        #expect(ConnectionEnd.of(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == nil, "a refusal is not an end")
        #expect(ConnectionEnd.of(SomethingElse()) == nil)
    }
}
