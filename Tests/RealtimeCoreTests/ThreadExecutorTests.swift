import Foundation
import RealtimeSim
import Synchronization
import Testing
@testable import RealtimeCore

/// ThreadExecutor: one thread, jobs in order, and a session whose connection and tasks prefer it.
@Suite struct ThreadExecutorTests {
    /// The thread a task preferring `executor` runs on.
    static func thread(of executor: ThreadExecutor) async -> pthread_t {
        await Task(executorPreference: executor) { pthread_self() }.value
    }

    actor Probe {
        func thread() -> pthread_t { pthread_self() }
    }

    /// What ran where, appended to from any thread.
    final class Log<Entry: Sendable>: Sendable {
        private let entries = Mutex<[Entry]>([])
        func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
        var all: [Entry] { entries.withLock { $0 } }
    }

    @Test func runsJobsInOrderOnOneThreadOfItsOwn() async {
        let executor = ThreadExecutor(name: "rt-test")
        let ran = Log<(index: Int, thread: pthread_t)>()
        let tasks = (0..<200).map { index in
            Task(executorPreference: executor) { ran.append((index, pthread_self())) }
        }
        for task in tasks { await task.value }
        let records = ran.all
        #expect(records.map(\.index) == Array(0..<200), "jobs ran out of order")
        let threads = Set(records.map { UInt($0.thread) })
        #expect(threads.count == 1)
        #expect(threads.first != UInt(pthread_self()))
        #expect(threads.first == UInt(await Self.thread(of: executor)))
    }

    @Test func defaultActorsCalledFromAPreferringTaskRunOnItsThread() async {
        let executor = ThreadExecutor(name: "rt-test")
        let probe = Probe()
        let (task, actor) = await Task(executorPreference: executor) { (pthread_self(), await probe.thread()) }.value
        #expect(UInt(task) == UInt(actor))
        #expect(UInt(actor) == UInt(await Self.thread(of: executor)))
    }

    @Test func aSessionOnTheExecutorReceivesEveryServerEventOnItsThread() async throws {
        var simulator = SimulatorConfiguration()
        simulator.voiceSynthesis = .tones
        let server = SimulatorServer(configuration: simulator)
        let base = try await server.start()
        let endpoint = try #require(Endpoint.custom(baseURL: base.absoluteString, model: "gpt-realtime", dialect: .ga, credential: nil,
                                                    kind: .localSimulator))
        var config = SessionConfig()
        config.outputModality = .text
        var options = SessionOptions(endpoint: endpoint, config: config)
        let executor = ThreadExecutor(name: "rt-test")
        options.executor = executor
        let received = Log<(type: String, thread: pthread_t)>()
        let session = RealtimeSession(options: options) { direction, text in
            guard direction == .server, let type = (try? JSONParser.parse(text))?["type"]?.stringValue else { return }
            received.append((type, pthread_self()))
        }
        let collector = UpdateCollector(session)
        try await Task(executorPreference: executor) { try await session.connect() }.value
        try await session.sendText("Hello there")
        try await collector.wait("a finished turn") { updates in updates.contains { if case .turn = $0 { true } else { false } } }
        let executorThread = UInt(await Self.thread(of: executor))
        let records = received.all
        let done = try #require(records.firstIndex { $0.type == "response.done" })
        #expect(records[...done].map(\.type).contains("response.output_text.delta"))
        let elsewhere = records[...done].filter { UInt($0.thread) != executorThread }.map(\.type)
        #expect(elsewhere.isEmpty, "received off the executor's thread: \(elsewhere)")
        await session.finish()
        await server.stop()
    }
}
