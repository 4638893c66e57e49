import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import RealtimeCore

@Suite struct HTTPClientRequestTests {
    static let secret = "sk-test-secret-123456"
    static let unauthorizedBody =
        #"{"error":{"message":"Incorrect API key provided: sk-bad***.","type":"invalid_request_error","code":"invalid_api_key"}}"#
    /// The body of `/stream`: 40 chunks of 1000 bytes, each filled with its own index.
    static let streamChunks: [[UInt8]] = (0..<40).map { [UInt8](repeating: UInt8($0), count: 1000) }
    /// The speech the server synthesises: 1500 samples, sent as 3000 bytes in odd-sized pieces.
    static let speechSamples: [Int16] = (0..<1500).map { Int16(truncatingIfNeeded: $0 * 37 - 20_000) }
    static let speechPieces = [1, 700, 301, 999, 999]

    @Test func aChunkedBodyArrivesCompleteAndInOrder() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let response = try await HTTPClientRequest(url: server.url("/stream")).send()
        #expect(response.status == 200)
        #expect(response.headers["transfer-encoding"].first == "chunked")
        var body: [UInt8] = []
        for try await chunk in response.body { body += chunk }
        #expect(body == Self.streamChunks.flatMap { $0 })
        let request = try #require(server.requests.first)
        #expect(request.method == .GET)
        #expect(request.uri == "/stream")
        #expect(request.headers["host"] == ["127.0.0.1:\(server.port)"])
        #expect(request.headers["connection"] == ["close"])
    }

    @Test func aRejectedRequestGivesTheStatusAndTheJSONBody() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let request = HTTPClientRequest(
            url: server.url("/v1/realtime?model=gpt-realtime&reject=1"),
            headers: [(name: "Authorization", value: "Bearer \(Self.secret)")])
        let response = try await request.send()
        #expect(response.status == 401)
        #expect(response.headers["content-type"] == ["application/json"])
        let body = try await response.collectBody(upTo: 1 << 20)
        #expect(String(decoding: body, as: UTF8.self) == Self.unauthorizedBody)
        #expect(UpgradeFailureProbe.serverText(body) == "Incorrect API key provided: sk-bad***.")
        #expect(server.requests.first?.uri == "/v1/realtime?model=gpt-realtime&reject=1")
        #expect(server.requests.first?.headers["authorization"] == ["Bearer \(Self.secret)"])
    }

    @Test func aPostBodyArrivesIntactWithItsContentLength() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let request = HTTPClientRequest(
            method: .POST, url: server.url("/echo"),
            headers: [(name: "Content-Type", value: "application/octet-stream")], body: payload)
        let response = try await request.send()
        #expect(response.status == 200)
        #expect(try await response.collectBody(upTo: 1 << 20) == payload)
        let received = try #require(server.requests.first)
        #expect(received.method == .POST)
        #expect(received.headers["content-length"] == ["\(payload.count)"])
        #expect(received.headers["transfer-encoding"].isEmpty)
        #expect(received.headers["content-type"] == ["application/octet-stream"])
        #expect(received.body == payload)
    }

    @Test func aRefusedConnectionIsReportedWithoutTheKey() async throws {
        let request = HTTPClientRequest(
            url: URL(string: "http://127.0.0.1:1/v1/realtime")!,
            headers: [(name: "Authorization", value: "Bearer \(Self.secret)")])
        do {
            let response = try await request.send()
            Issue.record("port 1 answered HTTP \(response.status)")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message == "cannot reach 127.0.0.1:1 (connection refused)")
            #expect(!error.message.contains(Self.secret))
        }
    }

    @Test func httpsToAServerWithoutTLSIsReportedAsATLSFailure() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        do {
            let response = try await HTTPClientRequest(url: URL(string: "https://127.0.0.1:\(server.port)/stream")!).send()
            Issue.record("TLS to a plain HTTP server answered HTTP \(response.status)")
        } catch {
            #expect(error.kind == .tls)
            #expect(error.message.hasPrefix("TLS with 127.0.0.1:\(server.port) failed"))
        }
    }

    @Test func aURLThatIsNotHTTPIsRejectedBeforeConnecting() async throws {
        do {
            _ = try await HTTPClientRequest(url: URL(string: "ws://127.0.0.1:1/v1")!).send()
            Issue.record("a ws:// URL was sent")
        } catch {
            #expect(error.kind == .invalidURL)
            #expect(error.message == "only http:// and https:// URLs with a host can be requested, not ws://127.0.0.1")
        }
    }

    @Test func droppingTheBodyClosesTheConnection() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        do {
            let response = try await HTTPClientRequest(url: server.url("/endless")).send()
            for try await chunk in response.body where !chunk.isEmpty { break }
        }
        #expect(await server.waitForClosedConnections(1))
    }

    @Test func openAISpeechYieldsTheSamplesFromALocalServer() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let speech = OpenAISpeech(
            model: "tts-test", voice: "marin", credential: Credential(secret: Self.secret, source: "test"),
            baseURL: server.url("/v1"))
        var chunks: [[Int16]] = []
        for try await chunk in speech.speak("hello there") { chunks.append(chunk) }
        #expect(chunks.flatMap { $0 } == Self.speechSamples)
        #expect(chunks.dropLast().allSatisfy { $0.count >= OpenAISpeech.minimumChunkBytes / 2 })
        let request = try #require(server.requests.first)
        #expect(request.method == .POST)
        #expect(request.uri == "/v1/audio/speech")
        #expect(request.headers["authorization"] == ["Bearer \(Self.secret)"])
        #expect(request.headers["content-length"] == ["\(request.body.count)"])
        let json = try JSONParser.parse(String(decoding: request.body, as: UTF8.self))
        #expect(json["input"]?.stringValue == "hello there")
        #expect(json["response_format"]?.stringValue == "pcm")
        #expect(json["model"]?.stringValue == "tts-test")
    }

    @Test func openAISpeechReportsANon200AsASpeechError() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let speech = OpenAISpeech(credential: Credential(secret: "sk-wrong-key-654321", source: "test"), baseURL: server.url("/v1"))
        do {
            for try await _ in speech.speak("hello") {}
            Issue.record("speech through a 401")
        } catch let error as SpeechError {
            #expect(error.message == "the speech endpoint answered HTTP 401; check the key and the --tts model and voice")
        }
    }

    @Test func stoppingOpenAISpeechClosesTheConnection() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let speech = OpenAISpeech(voice: "endless", credential: Credential(secret: Self.secret, source: "test"), baseURL: server.url("/v1"))
        for try await chunk in speech.speak("go on") where !chunk.isEmpty { break }
        #expect(await server.waitForClosedConnections(1))
    }

    /// A request as the server read it.
    struct ReceivedRequest: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// What the server saw, shared by its connections and the test.
    final class ServerLog: Sendable {
        private let state = Mutex<(requests: [ReceivedRequest], closed: Int)>(([], 0))

        var requests: [ReceivedRequest] { state.withLock { $0.requests } }
        var closedConnections: Int { state.withLock { $0.closed } }
        func record(_ request: ReceivedRequest) { state.withLock { $0.requests.append(request) } }
        func recordClose() { state.withLock { $0.closed += 1 } }
    }

    /// An HTTP/1.1 server on a free loopback port, answering by path:
    /// `/stream` a chunked 200, `/echo` the request body, `/endless` chunks until the client goes,
    /// `/v1/audio/speech` PCM for the test key (endlessly for voice "endless") and 401 otherwise,
    /// paths containing `reject` a 401 with an OpenAI-style JSON error.
    final class TestServer: Sendable {
        private let channel: any Channel
        private let log: ServerLog
        let port: Int

        private init(channel: any Channel, log: ServerLog) {
            self.channel = channel
            self.log = log
            self.port = channel.localAddress?.port ?? 0
        }

        static func start() async throws -> TestServer {
            let log = ServerLog()
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(Responder(log: log))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            return TestServer(channel: channel, log: log)
        }

        var requests: [ReceivedRequest] { log.requests }

        func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

        /// Waits (up to 10 s) until this many connections have been closed.
        func waitForClosedConnections(_ count: Int) async -> Bool {
            for _ in 0..<1000 {
                if log.closedConnections >= count { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }

        func stop() async {
            try? await channel.close()
        }
    }

    /// Reads one request per connection, answers it by path and records it.
    final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let log: ServerLog
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        private var endless = false

        init(log: ServerLog) {
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let requestHead):
                head = requestHead
                body = []
            case .body(let bytes):
                body += bytes.readableBytesView
            case .end:
                guard let head else { return }
                log.record(ReceivedRequest(method: head.method, uri: head.uri, headers: head.headers, body: body))
                respond(to: head, context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            endless = false
            log.recordClose()
            context.fireChannelInactive()
        }

        private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
            switch head.uri {
            case "/stream":
                send(.ok, pieces: HTTPClientRequestTests.streamChunks, context: context)
            case "/echo":
                send(.ok, pieces: [body], contentLength: body.count, context: context)
            case "/endless":
                startEndless(context: context)
            case "/v1/audio/speech" where head.headers["authorization"] == ["Bearer \(HTTPClientRequestTests.secret)"]:
                let json = try? JSONParser.parse(String(decoding: body, as: UTF8.self))
                if json?["voice"]?.stringValue == "endless" {
                    startEndless(context: context)
                    return
                }
                let bytes = Array(PCM.bytes(HTTPClientRequestTests.speechSamples))
                var pieces: [[UInt8]] = []
                var start = 0
                for size in HTTPClientRequestTests.speechPieces {
                    pieces.append(Array(bytes[start..<start + size]))
                    start += size
                }
                send(.ok, pieces: pieces, context: context)
            default:
                let text = Array(HTTPClientRequestTests.unauthorizedBody.utf8)
                send(.unauthorized, pieces: [text], contentLength: text.count, contentType: "application/json", context: context)
            }
        }

        /// Sends the head, each piece flushed on its own (chunked unless a length is given), then closes.
        private func send(
            _ status: HTTPResponseStatus, pieces: [[UInt8]], contentLength: Int? = nil,
            contentType: String = "application/octet-stream", context: ChannelHandlerContext
        ) {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            if let contentLength { headers.add(name: "content-length", value: "\(contentLength)") }
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            for piece in pieces {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: piece)))), promise: nil)
            }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }

        /// Sends a chunked 200 and then a piece every 5 ms until the connection closes.
        private func startEndless(context: ChannelHandlerContext) {
            endless = true
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok))), promise: nil)
            pump(context: context)
        }

        private func pump(context: ChannelHandlerContext) {
            guard endless else { return }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: 1, count: 2000)))), promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(5)) { self.pump(context: context) }
        }
    }
}
