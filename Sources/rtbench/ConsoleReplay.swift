import AudioIO
import ConsoleUI
import Foundation
import RealtimeCore
import RealtimeSim

/// A console model in a realistic state: filled with the updates of a real call to the simulator.
enum ConsoleReplay {
    /// The messages typed in the recorded call, one reply each.
    static let messages = [
        "What's the weather like in Paris today?", "Book a table for two at eight, please.",
        "Can you spell Reykjavík for me?", "How far is the moon from the earth?", "Tell me a short joke about programmers.",
        "Translate good morning into Japanese: おはようございます", "What time is it in Tokyo right now?",
        "Remind me to call Anna tomorrow at nine.", "Summarise our conversation so far.", "What is 17 times 23?",
        "Play something relaxing 🎵", "Thanks, that's all for now.",
    ]

    /// The call shown in the header.
    static func callInfo(endpoint: String) -> CallInfo {
        CallInfo(
            endpointLabel: "local simulator \(endpoint)", isLocalSimulator: true, model: ModelCatalog.defaultRealtimeModel, dialect: .ga,
            sessionLimit: .seconds(3600), themeName: "dark")
    }

    /// Runs a call of typed messages against an in-process simulator and returns every update it produced.
    static func recordUpdates() async throws -> (updates: [SessionUpdate], endpoint: String) {
        let server = SimulatorServer(configuration: SimulatorConfiguration(pace: 100, voiceSynthesis: .tones))
        let base = try await server.start()
        do {
            let updates = try await recordCall(to: base)
            await server.stop()
            return (updates, base.absoluteString)
        } catch {
            await server.stop()
            throw error
        }
    }

    private static func recordCall(to base: URL) async throws -> [SessionUpdate] {
        guard
            let endpoint = Endpoint.custom(
                baseURL: base.absoluteString, model: ModelCatalog.defaultRealtimeModel, dialect: .ga, credential: nil, kind: .localSimulator)
        else { throw BenchError("the simulator's URL \(base) is not a valid endpoint") }
        let player = NullAudioOutput(rate: .instant)
        try player.start()
        defer { player.stop() }
        let session = RealtimeSession(options: SessionOptions(endpoint: endpoint, playback: player, reconnect: .never))
        let watcher = SessionWatcher(keepUpdates: true)
        let reading = watcher.watch(session)
        try await session.connect()
        for (index, message) in messages.enumerated() {
            try await session.sendText(message)
            try await watcher.wait("the reply to message \(index + 1)") { $0.turns.count > index && !$0.responding }
        }
        await session.finish()
        await reading.value
        return watcher.read { $0.updates }
    }

    /// A model of the given size that has seen `updates`, with live meters and the clock a second after the last update.
    static func model(from updates: [SessionUpdate], endpoint: String, width: Int, height: Int) -> ConsoleModel {
        let start = Date()
        var model = ConsoleModel(call: callInfo(endpoint: endpoint), config: SessionConfig(), audio: .live, width: width, height: height, now: start)
        for update in updates { _ = model.handle(.session(update)) }
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -24, peakDBFS: -12), speechLikely: true))
        _ = model.handle(.speaker(level: AudioLevel(rmsDBFS: -30, peakDBFS: -18)))
        _ = model.handle(.tick(Date()))
        return model
    }
}
