import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization
import WSClient
import WSCore

/// An open WebSocket to a Realtime server, built on swift-websocket's `WebSocketClient`.
///
/// Messages arrive in order on `events`, ending with one `.closed`. `send` queues text for the writer;
/// it never blocks. Frames and messages up to `TransportConfiguration.maxMessageSize` are accepted, so a
/// large server frame never ends the connection silently (the library's 16 KiB default would).
public final class WebSocketConnection: Sendable {
    /// Everything the server sends, then one `.closed`.
    public let events: AsyncStream<TransportEvent>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let isOpen = Atomic<Bool>(true)

    enum Outgoing: Sendable {
        case text(String)
        case close(code: Int, reason: String?)
    }

    private init(events: AsyncStream<TransportEvent>, outgoing: AsyncStream<Outgoing>.Continuation) {
        self.events = events
        self.outgoing = outgoing
    }

    /// Queues a text message. Returns false when the connection is already closed.
    @discardableResult
    public func send(_ text: String) -> Bool {
        guard isOpen.load(ordering: .acquiring) else { return false }
        if case .terminated = outgoing.yield(.text(text)) { return false }
        return true
    }

    /// Starts the closing handshake with a code and reason.
    public func close(code: Int = 1000, reason: String? = nil) {
        guard isOpen.exchange(false, ordering: .acquiringAndReleasing) else { return }
        outgoing.yield(.close(code: code, reason: reason))
        outgoing.finish()
    }

    /// Connects and upgrades. Returns once the WebSocket is open.
    ///
    /// - Parameter executor: the event loop that carries the socket, and where the connection's reader and
    ///   writer run (nil: the global pool and NIO's shared loops).
    /// - Throws: `TransportError` naming what went wrong: unreachable, rejected (with the HTTP status and
    ///   the server's message), TLS, or an invalid URL.
    public static func connect(
        to endpoint: Endpoint, configuration: TransportConfiguration = .init(),
        executor: EventLoopExecutor? = nil, logger: Logger
    ) async throws(TransportError)
        -> WebSocketConnection
    {
        guard let scheme = endpoint.url.scheme, scheme == "ws" || scheme == "wss", endpoint.url.host != nil else {
            throw TransportError(.invalidURL, "\(endpoint.url.absoluteString) is not a ws:// or wss:// URL: check --endpoint")
        }
        if let credential = endpoint.credential { SecretRedactor.shared.register(credential.secret) }
        let (events, eventSink) = AsyncStream.makeStream(of: TransportEvent.self, bufferingPolicy: .unbounded)
        let (outgoingStream, outgoing) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .unbounded)
        let connection = WebSocketConnection(events: events, outgoing: outgoing)
        let opening = OpeningSignal()

        var headers = HTTPFields()
        for header in endpoint.headers {
            if let name = HTTPField.Name(header.name) { headers[name] = header.value }
        }
        var wsConfiguration = WebSocketClientConfiguration(
            maxFrameSize: configuration.maxMessageSize,
            additionalHeaders: headers,
            autoPing: configuration.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled,
            validateUTF8: true
        )
        if endpoint.url.scheme == "wss", let host = endpoint.url.host, host.first?.isNumber == true || host.contains(":") {
            wsConfiguration.sniHostname = nil
        }
        let maxSize = configuration.maxMessageSize
        let url = endpoint.url.absoluteString

        let connecting = Task(executorPreference: executor) {
            do {
                let closeFrame = try await WebSocketClient.connect(
                    url: url, configuration: wsConfiguration,
                    eventLoopGroup: executor?.eventLoop ?? MultiThreadedEventLoopGroup.singleton,
                    logger: logger
                ) {
                    inbound, outbound, _ in
                    opening.signal(.success(()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await message in inbound.messages(maxSize: maxSize) {
                                if case .text(let text) = message { eventSink.yield(.text(text)) }
                            }
                        }
                        group.addTask {
                            for await item in outgoingStream {
                                switch item {
                                case .text(let text):
                                    try await outbound.write(.text(text))
                                case .close(let code, let reason):
                                    try await outbound.close(WebSocketErrorCode(codeNumber: code), reason: reason)
                                    return
                                }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
                connection.isOpen.store(false, ordering: .releasing)
                if !opening.signal(.failure(TransportError(.upgradeFailed, "\(endpoint.displayName) closed before the upgrade finished"))) {
                    eventSink.yield(
                        .closed(TransportClose(code: closeFrame.map { Self.codeNumber($0.closeCode) }, reason: closeFrame?.reason, error: nil)))
                }
            } catch {
                connection.isOpen.store(false, ordering: .releasing)
                let transportError = await Self.describe(error, endpoint: endpoint, configuration: configuration)
                if !opening.signal(.failure(transportError)) {
                    eventSink.yield(.closed(TransportClose(code: nil, reason: nil, error: transportError)))
                }
            }
            eventSink.finish()
            outgoing.finish()
        }
        // The TCP connect has its own timeout; this one bounds the whole opening, so a server that accepts
        // and never answers the upgrade fails like an unreachable one (and is retried).
        let limit = configuration.connectTimeout
        let watchdog = Task(executorPreference: executor) {
            try await Task.sleep(for: limit)
            let message =
                "\(endpoint.displayName) accepted the connection but did not finish the WebSocket upgrade within \(limit.components.seconds) s"
            if opening.signal(.failure(TransportError(.unreachable, message))) { connecting.cancel() }
        }
        defer { watchdog.cancel() }
        try await opening.wait()
        return connection
    }

    static func describe(_ error: any Error, endpoint: Endpoint, configuration: TransportConfiguration) async -> TransportError {
        if let wsError = error as? WebSocketClientError {
            if wsError == .webSocketUpgradeFailed {
                return await UpgradeFailureProbe.explain(endpoint: endpoint, timeout: configuration.connectTimeout)
            }
            if wsError == .invalidURL {
                return TransportError(.invalidURL, "\(endpoint.url.absoluteString) is not a valid WebSocket URL: check --endpoint")
            }
            if wsError == .serverSentMessageTooLarge {
                return TransportError(
                    .connectionLost, "the server sent a message larger than \(configuration.maxMessageSize >> 20) MiB; the connection was closed")
            }
            return TransportError(.connectionLost, "WebSocket error from \(endpoint.displayName): \(wsError)")
        }
        if error is NIOSSLError || String(reflecting: type(of: error)).contains("NIOSSL") {
            return TransportError(
                .tls, "TLS with \(endpoint.url.host ?? "the server") failed (\(error)): check the URL scheme and the system CA certificates")
        }
        if let end = ConnectionEnd.of(error) {
            return TransportError(.connectionLost, "\(endpoint.displayName) \(end)")
        }
        if let why = UnreachableReason.of(error) {
            let host = "\(endpoint.url.host ?? "?")\(endpoint.url.port.map { ":\($0)" } ?? "")"
            return TransportError(.unreachable, "cannot reach \(host) (\(why)): is the server running and is --endpoint right?")
        }
        return TransportError(.connectionLost, "connection to \(endpoint.displayName) failed: \(error)")
    }

    static func codeNumber(_ code: WebSocketErrorCode) -> Int {
        switch code {
        case .normalClosure: 1000
        case .goingAway: 1001
        case .protocolError: 1002
        case .unacceptableData: 1003
        case .dataInconsistentWithMessage: 1007
        case .policyViolation: 1008
        case .messageTooLarge: 1009
        case .missingExtension: 1010
        case .unexpectedServerError: 1011
        case .unknown(let n): Int(n)
        }
    }
}

/// A one-shot signal from the connection task to `connect`'s caller: open, or failed.
final class OpeningSignal: Sendable {
    private struct State {
        var result: Result<Void, TransportError>?
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private let state = Mutex(State())

    /// Delivers the outcome once. Returns false if it had already been delivered.
    @discardableResult
    func signal(_ result: Result<Void, TransportError>) -> Bool {
        let waiter: CheckedContinuation<Void, any Error>?? = state.withLock { s in
            guard s.result == nil else { return .none }
            s.result = result
            defer { s.waiter = nil }
            return .some(s.waiter)
        }
        guard case .some(let continuation) = waiter else { return false }
        continuation?.resume(with: result.mapError { $0 as any Error })
        return true
    }

    func wait() async throws(TransportError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Result<Void, TransportError>? = state.withLock { s in
                    if let result = s.result { return result }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
            }
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(.connectionLost, "\(error)")
        }
    }
}
