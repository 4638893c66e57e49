import Foundation
import Logging
import NIOCore
import NIOPosix
import RealtimeCore

/// A local server that speaks the OpenAI Realtime protocol (GA and beta) and GPT-Live over WebSocket.
///
/// ```swift
/// let server = SimulatorServer(configuration: SimulatorConfiguration())
/// let base = try await server.start()      // ws://127.0.0.1:PORT/v1
/// // clients connect to base + "/realtime?model=gpt-realtime", or to base + "/live/sessions"
/// await server.stop()
/// ```
public actor SimulatorServer {
    private let configuration: SimulatorConfiguration
    private let logger: Logger
    private var listener: (any Channel)?
    private var acceptTask: Task<Void, Never>?
    private var frameLog: FrameLog?
    private var sessions: [Int: any ServedSession] = [:]
    private var nextSessionKey = 0

    /// Creates a server; nothing listens until ``start()``.
    public init(configuration: SimulatorConfiguration, logger: Logger = Logger(label: "rtconsole.sim")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The number of sessions currently connected.
    public var activeSessionCount: Int { sessions.count }

    /// Binds the listening socket and starts serving.
    ///
    /// - Returns: the base URL, e.g. `ws://127.0.0.1:PORT/v1`; clients connect to `<base>/realtime?model=…`.
    /// - Throws: ``SimulatorError`` when the configuration is invalid, the server already runs, the frame log
    ///   cannot be opened or the address cannot be bound.
    public func start() async throws -> URL {
        guard listener == nil else { throw SimulatorError(.alreadyRunning, message: "the simulator is already running") }
        guard configuration.pace.isFinite, configuration.pace > 0 else {
            throw SimulatorError(.invalidConfiguration, message: "pace must be a positive number, not \(configuration.pace)")
        }
        guard (0...65535).contains(configuration.port) else {
            throw SimulatorError(.invalidConfiguration, message: "port must be 0...65535, not \(configuration.port)")
        }
        guard configuration.maxSessionDuration > .zero else {
            throw SimulatorError(.invalidConfiguration, message: "the maximum session duration must be positive")
        }
        let log = try configuration.frameLog.map { (url: URL) throws(SimulatorError) in try FrameLog(url: url) }
        let configuration = configuration
        let bound: NIOAsyncChannel<EventLoopFuture<ConnectionUpgrade>, Never>
        do {
            bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try ConnectionUpgrade.configure(channel, configuration: configuration)
                    }
                }
        } catch {
            await log?.close()
            let reason =
                if let io = error as? IOError, io.errnoCode == EADDRINUSE {
                    "the port is in use; pick another --port, or 0 for a free one"
                } else if let io = error as? IOError {
                    String(cString: strerror(io.errnoCode)).lowercased()
                } else {
                    "\(error)"
                }
            throw SimulatorError(.bindFailed, message: "cannot listen on \(configuration.host):\(configuration.port): \(reason)")
        }
        frameLog = log
        listener = bound.channel
        let environment = SimulatedSession.Environment(
            dialect: configuration.dialect, model: ConnectionRequest.defaultGAModel, pace: configuration.pace,
            firstDeltaDelayMs: Int(
                configuration.firstDeltaDelay.components.seconds * 1000
                    + configuration.firstDeltaDelay.components.attoseconds / 1_000_000_000_000_000),
            scenario: configuration.scenario,
            maxSessionDuration: configuration.maxSessionDuration,
            synthesizer: SpeechSynthesizer(mode: configuration.voiceSynthesis, logger: logger), frameLog: log, logger: logger
        )
        let acceptor = ConnectionAcceptor(
            configuration: configuration, connection: SessionConnection(server: self, environment: environment),
            logger: logger)
        acceptTask = Task { await acceptor.run(bound) }
        let port = bound.channel.localAddress?.port ?? configuration.port
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        logger.debug("simulator listening", metadata: ["url": "ws://\(host):\(port)/v1", "dialect": "\(configuration.dialect.rawValue)"])
        return URL(string: "ws://\(host):\(port)/v1")!
    }

    /// Stops listening, closes every session with 1001 ("The server is shutting down."), and waits for them
    /// to end (at most a few seconds).
    public func stop() async {
        guard let listener else { return }
        self.listener = nil
        try? await listener.close()
        for session in sessions.values { await session.shutdown() }
        if let acceptTask {
            let finished = Task { await acceptTask.value }
            let deadline = Task {
                try? await Task.sleep(for: .seconds(6))
                acceptTask.cancel()
            }
            await finished.value
            deadline.cancel()
        }
        acceptTask = nil
        sessions = [:]
        await frameLog?.close()
        frameLog = nil
    }

    /// Adds a connected session and returns its key.
    func register(_ session: any ServedSession) -> Int {
        nextSessionKey += 1
        sessions[nextSessionKey] = session
        return nextSessionKey
    }

    /// Removes a session that has ended.
    func unregister(_ key: Int) {
        sessions[key] = nil
    }
}
