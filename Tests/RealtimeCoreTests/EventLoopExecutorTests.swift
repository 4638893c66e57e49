import Foundation
import NIOCore
import NIOPosix
import RealtimeSim
import Synchronization
import Testing

@testable import RealtimeCore

/// EventLoopExecutor: jobs in order on the loop's thread, default actors there too, and a session whose
/// socket, connection and tasks all stay on that loop.
@Suite struct EventLoopExecutorTests {
    actor Probe {
        func onLoop(_ executor: EventLoopExecutor) -> Bool { executor.eventLoop.inEventLoop }
    }

    /// What ran where, appended to from any thread.
    final class Log<Entry: Sendable>: Sendable {
        private let entries = Mutex<[Entry]>([])
        func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
        var all: [Entry] { entries.withLock { $0 } }
    }

    @Test func runsJobsInOrderOnItsEventLoop() async {
        let executor = EventLoopExecutor()
        let ran = Log<(index: Int, onLoop: Bool)>()
        let tasks = (0..<200).map { index in
            Task(executorPreference: executor) { ran.append((index, executor.eventLoop.inEventLoop)) }
        }
        for task in tasks { await task.value }
        let records = ran.all
        #expect(records.map(\.index) == Array(0..<200), "jobs ran out of order")
        #expect(records.allSatisfy { $0.onLoop }, "a job ran off the event loop")
        #expect(!executor.eventLoop.inEventLoop, "the test itself is not on the loop")
    }

    @Test func defaultActorsCalledFromAPreferringTaskRunOnItsLoop() async {
        let executor = EventLoopExecutor(eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        let probe = Probe()
        let (task, actor) = await Task(executorPreference: executor) {
            (executor.eventLoop.inEventLoop, await probe.onLoop(executor))
        }.value
        #expect(task)
        #expect(actor)
        #expect(await probe.onLoop(executor) == false, "without the preference the actor runs on the global pool")
    }

    @Test func aSessionOnTheExecutorReceivesEveryServerEventOnItsSocketsLoop() async throws {
        var simulator = SimulatorConfiguration()
        simulator.voiceSynthesis = .tones
        let server = SimulatorServer(configuration: simulator)
        let base = try await server.start()
        let endpoint = try #require(
            Endpoint.custom(
                baseURL: base.absoluteString, model: "gpt-realtime", dialect: .ga, credential: nil,
                kind: .localSimulator))
        var config = SessionConfig()
        config.outputModality = .text
        var options = SessionOptions(endpoint: endpoint, config: config)
        let executor = EventLoopExecutor()
        options.executor = executor
        let received = Log<(type: String, onLoop: Bool)>()
        let session = RealtimeSession(options: options) { direction, text in
            guard direction == .server, let type = (try? JSONParser.parse(text))?["type"]?.stringValue else { return }
            received.append((type, executor.eventLoop.inEventLoop))
        }
        let collector = UpdateCollector(session)
        try await Task(executorPreference: executor) { try await session.connect() }.value
        try await session.sendText("Hello there")
        try await collector.wait("a finished turn") { updates in updates.contains { if case .turn = $0 { true } else { false } } }
        let records = received.all
        let done = try #require(records.firstIndex { $0.type == "response.done" })
        #expect(records[...done].map(\.type).contains("response.output_text.delta"))
        let elsewhere = records[...done].filter { !$0.onLoop }.map(\.type)
        #expect(elsewhere.isEmpty, "received off the socket's event loop: \(elsewhere)")
        await session.finish()
        await server.stop()
    }
}
