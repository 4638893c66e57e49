import ArgumentParser
import Dispatch
import Foundation
import Logging
import RealtimeCore
import RealtimeSim

/// `rtconsole sim`: runs the local simulator (Realtime and GPT-Live) until SIGINT or SIGTERM.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the local simulator of the Realtime and GPT-Live APIs.",
        usage: "rtconsole sim [--port <port>] [--scenario <file>] [<options>]",
        discussion: """
            Prints one line, "rtconsole sim: listening on ws://HOST:PORT/v1 (dialect D)", and serves until stopped. Clients connect to <that URL>/realtime?model=… (Realtime) or <that URL>/live/sessions (GPT-Live); see docs/simulator.md.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port; 0 picks a free one.")
    var port = 0

    @Option(help: "The protocol dialect when the client does not ask for beta: ga or beta.")
    var dialect: Dialect = .ga

    @Option(help: ArgumentHelp("A JSON scenario that scripts replies, delays, tool calls and faults.", valueName: "file"))
    var scenario: String?

    @Option(help: "Send reply audio this many times faster than real time.")
    var pace: Double = 4

    @Option(name: .customLong("max-session-minutes"), help: "End sessions after this many minutes (session_expired, close 1001).")
    var maxSessionMinutes: Double = 60

    @Option(name: .customLong("require-key"), help: ArgumentHelp("Refuse connections without this API key (HTTP 401).", valueName: "key"))
    var requireKey: String?

    @Option(help: ArgumentHelp("Append every frame in both directions to this file as JSON lines.", valueName: "file"))
    var log: String?

    @Option(help: "How reply audio is made: automatic (espeak-ng if installed, else tones), espeak or tones.")
    var synthesis: String = VoiceSynthesis.automatic.rawValue

    func validate() throws {
        guard pace.isFinite, pace > 0 else { throw ValidationError("--pace must be a positive number") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard maxSessionMinutes.isFinite, maxSessionMinutes > 0 else { throw ValidationError("--max-session-minutes must be positive") }
        guard VoiceSynthesis(rawValue: synthesis) != nil else { throw ValidationError("--synthesis must be automatic, espeak or tones") }
    }

    func run() async throws {
        var configuration = SimulatorConfiguration(host: host, port: port, dialect: dialect, pace: pace, requiredAPIKey: requireKey)
        configuration.maxSessionDuration = .milliseconds(Int64((maxSessionMinutes * 60_000).rounded()))
        configuration.frameLog = log.map { URL(fileURLWithPath: $0) }
        configuration.voiceSynthesis = VoiceSynthesis(rawValue: synthesis) ?? .automatic
        if let scenario {
            do {
                configuration.scenario = try Scenario.load(contentsOf: URL(fileURLWithPath: scenario))
            } catch {
                Console.standardError("rtconsole sim: \(error.description)")
                throw ExitCode.validationFailure
            }
        }
        let server = SimulatorServer(configuration: configuration, logger: Logger(label: "rtconsole.sim"))
        let base: URL
        do {
            base = try await server.start()
        } catch {
            Console.standardError("rtconsole sim: \(error)")
            throw ExitCode.failure
        }
        Console.standardOutput("rtconsole sim: listening on \(base.absoluteString) (dialect \(dialect.rawValue))")
        await Self.waitForTerminationSignal()
        await server.stop()
    }

    /// Returns once SIGINT or SIGTERM arrives (the signals are routed to a dispatch source instead of killing the process).
    private static func waitForTerminationSignal() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        for await _ in signals { break }
        for source in sources { source.cancel() }
    }
}
