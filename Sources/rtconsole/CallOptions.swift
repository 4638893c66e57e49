import ArgumentParser
import AudioIO
import ConsoleSettings
import ConsoleUI
import Foundation
import Logging
import RealtimeCore
import RealtimeHeadless
import RealtimeSim
import Synchronization
import Terminal

/// Everything a call takes, and the call itself: a live call in the full-screen console, or headless with
/// --headless. `rtconsole` with no subcommand and `rtconsole console` both parse these options, so the
/// top-level help and shell completion show them.
struct CallOptions: ParsableArguments {
    /// Where the key comes from, for both commands' help.
    static let discussion = """
        Key: OPENAI_API_KEY, AZURE_OPENAI_API_KEY, or --api-key-env NAME (also read from .env in the working directory). With no key and no --endpoint the call goes to the built-in local simulator.
        """

    @OptionGroup(title: "Connection") var connection: ConnectionFlags
    @OptionGroup(title: "Session") var session: SessionFlags
    @OptionGroup(title: "GPT-Live") var live: LiveFlags
    @OptionGroup(title: "Headless") var headless: HeadlessFlags
    @OptionGroup(title: "History, speech and reliability") var record: RecordFlags
    @OptionGroup(title: "Audio") var audio: AudioFlags

    @Option(
        name: [.customLong("sim-scenario"), .customLong("scenario")],
        help: ArgumentHelp("Scenario file for the built-in simulator (see docs/simulator.md).", valueName: "FILE"),
        completion: CompletionValues.jsonFiles)
    var simScenario: String?

    @Option(
        help: ArgumentHelp(
            "Colour theme: dark (default), light, high-contrast, mono, a user theme's name, or a .toml path (see `rtconsole themes`).",
            valueName: "NAME|PATH"),
        completion: CompletionValues.themes)
    var theme: String?

    @Option(
        help: ArgumentHelp("Config file with [[tools]] and [prices.MODEL] (default: $XDG_CONFIG_HOME/rtconsole/config.toml).", valueName: "FILE"),
        completion: CompletionValues.tomlFiles)
    var config: String?

    /// Runs the call.
    func run() async throws {
        if !headless.headless { MallocSettings.apply() }
        let context = try resolve()
        let simulator = try await startSimulatorIfNeeded(context)
        defer { if let simulator { Task { await simulator.server.stop() } } }
        var call = context
        if let simulator { call = simulator.context }
        guard headless.headless else {
            // A history was parsed and its document freed: its pages go back before the call begins.
            MallocSettings.returnFreePages()
            if !call.audio.disabled { PulseClientConfiguration.preferSocketTransfer() }
            let code = try await InteractiveCall.run(call)
            if let simulator { await simulator.server.stop() }
            throw ExitCode(code)
        }
        try await runHeadless(call)
    }

    /// Turns flags, the environment and `.env` into a call context (the simulator's URL is filled in later).
    func resolve() throws -> CallContext {
        let environment = ProcessInfo.processInfo.environment
        let dotEnv = DotEnv.load(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".env"))
        let decision: EndpointResolver.Decision
        do {
            decision = try EndpointResolver(flags: connection.resolverFlags, environment: environment, dotEnv: dotEnv).resolve()
        } catch {
            throw ValidationError(error.message)
        }
        let endpoint: Endpoint
        let isSimulator: Bool
        switch decision {
        case .remote(let remote):
            endpoint = remote
            isSimulator = false
        case .localSimulator(let model, let api, let dialect):
            endpoint = Self.simulatorEndpoint(base: "ws://127.0.0.1:0/v1", model: model, api: api, dialect: dialect)
            isSimulator = true
        }
        // A theme asked for by name or path must be usable: an unknown name and a broken file are both one line
        // before the screen starts, never a call on another theme than the one asked for.
        if let theme, !headless.headless, let problem = ThemeCatalog.loadOrDefault(nameOrPath: theme, environment: environment).problem {
            throw ValidationError(
                problem.kind == .unknownName
                    ? problem.description : "--theme \(theme): \(problem.description); fix the file, or choose another theme (rtconsole themes)")
        }
        let limit = connection.maxSessionMinutes.map { Duration.seconds($0 * 60) } ?? endpoint.defaultSessionLimit
        let file: ConfigFile
        do {
            file = try ConfigFile.load(
                url: self.config.map(URL.init(fileURLWithPath:)) ?? ConfigFile.defaultURL(environment: environment),
                required: self.config != nil)
        } catch {
            throw ValidationError(error.description)
        }
        try LiveFlags.checkProtocol(endpoint.api, model: connection.model, arguments: CommandLine.arguments)
        if endpoint.api == .realtime { try session.checkMeaningful(dialect: endpoint.dialect, arguments: CommandLine.arguments) }
        if connection.azureEndpoint == nil, environment["AZURE_OPENAI_ENDPOINT"]?.isEmpty ?? true,
            let flag = LiveFlags.firstGiven(["--azure-deployment", "--azure-api-version"], in: CommandLine.arguments)
        {
            throw ValidationError("\(flag) needs an Azure resource: add --azure-endpoint NAME (or set AZURE_OPENAI_ENDPOINT), or drop \(flag)")
        }
        let config =
            endpoint.api == .live
            ? try session.liveConfig(model: connection.model)
            : try session.config(model: connection.model, dialect: endpoint.dialect, defaults: file.session)
        var sessionOptions = SessionOptions(endpoint: endpoint, config: config, prices: file.prices, logger: Logger(label: "rtconsole.session"))
        if endpoint.api == .live { sessionOptions.live = try live.options(tools: file.tools.map(\.definition)) }
        if !file.tools.isEmpty { sessionOptions.tools = ToolRunner(tools: file.tools) }
        sessionOptions.recorder = try record.recorder()
        sessionOptions.reconnect = record.noReconnect ? .never : ReconnectPolicy(sessionLimit: limit)
        sessionOptions.history = try record.loadHistory()
        sessionOptions.historyMode = record.historyMode
        sessionOptions.speech = try record.speech(credential: endpoint.credential)
        // An empty or relative XDG_STATE_HOME counts as unset, as the XDG spec says.
        let stateHome =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
        let autosaveFolder = stateHome.appendingPathComponent("rtconsole/sessions")
        AtomicFile.removeLeftovers(in: autosaveFolder)
        let stamp = Date().formatted(
            .iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted))
        sessionOptions.autosave = autosaveFolder.appendingPathComponent("session-\(stamp)-\(ProcessInfo.processInfo.processIdentifier).json")
        return CallContext(
            sessionOptions: sessionOptions,
            endpointLabel: isSimulator ? "local simulator" : "\(endpoint.kind.rawValue) \(endpoint.displayName)",
            isLocalSimulator: isSimulator, sessionLimit: limit, audio: audio.settings,
            theme: theme, exportPath: headless.export.map(URL.init(fileURLWithPath:)),
            autosaveFolder: autosaveFolder, startNotices: ModelCatalog.startNotices(for: config, prices: file.prices))
    }

    /// The built-in simulator's route for a protocol.
    static func simulatorEndpoint(base: String, model: String, api: VoiceAPI, dialect: Dialect) -> Endpoint {
        switch api {
        case .realtime: Endpoint.custom(baseURL: base, model: model, dialect: dialect, credential: nil, kind: .localSimulator)!
        case .live: Endpoint.live(baseURL: base, model: model, credential: nil, kind: .localSimulator)!
        }
    }

    /// Starts the built-in simulator when no key and no endpoint were given.
    func startSimulatorIfNeeded(_ context: CallContext) async throws -> (server: SimulatorServer, context: CallContext)? {
        guard context.isLocalSimulator else { return nil }
        var configuration = SimulatorConfiguration()
        configuration.dialect = context.sessionOptions.endpoint.dialect
        configuration.maxSessionDuration = context.sessionLimit
        if headless.fast {
            // As fast as the server takes it: no modelled time to first audio, replies 200× faster than real time,
            // and tone replies (running espeak-ng for every reply would take most of the run).
            configuration.pace = 200
            configuration.firstDeltaDelay = .zero
            configuration.voiceSynthesis = .tones
        }
        if let path = ProcessInfo.processInfo.environment["RTCONSOLE_SIM_LOG"], !path.isEmpty {
            configuration.frameLog = URL(fileURLWithPath: path)
        }
        if let simScenario {
            do {
                configuration.scenario = try Scenario.load(contentsOf: URL(fileURLWithPath: simScenario))
            } catch {
                throw ValidationError(error.description)
            }
        }
        let server = SimulatorServer(configuration: configuration, logger: Logger(label: "rtconsole.sim"))
        let base = try await server.start()
        var updated = context
        let endpoint = context.sessionOptions.endpoint
        updated.sessionOptions.endpoint = Self.simulatorEndpoint(
            base: base.absoluteString, model: endpoint.model, api: endpoint.api, dialect: endpoint.dialect)
        updated.endpointLabel = "local simulator \(base.absoluteString)"
        return (server, updated)
    }

    func runHeadless(_ context: CallContext) async throws {
        if context.isLocalSimulator {
            Console.standardError(
                "rtconsole: no API key: talking to the local simulator (\(context.endpointLabel)); set OPENAI_API_KEY to reach OpenAI")
        }
        for line in context.startNotices { Console.standardError("rtconsole: \(line)") }
        let call = HeadlessCall(session: context.sessionOptions, options: headless.options) { line in Console.standardOutput(line) }
        // A signal ends the call like the end of its input: what exists is written, then 128 + n; a second one ends it at once.
        let signalled = Atomic<Int32>(0)
        let trap = SignalTrap { number, count in
            guard count == 1 else { _exit(128 + number) }
            signalled.store(number, ordering: .relaxed)
            Console.standardError("rtconsole: \(SignalTrap.name(number)): ending the call and writing what it has (again to stop at once)")
            call.requestStop()
        }
        defer { trap.cancel() }
        let result: HeadlessCall.Result
        do {
            result = try await call.run()
            ToolRunner.stopAll()
        } catch {
            ToolRunner.stopAll()
            Console.standardError("rtconsole: error: \(error.message)")
            throw ExitCode.failure
        }
        let cost = result.record.cost.map { String(format: ", cost $%.4f", $0) } ?? ""
        Console.standardError("rtconsole: done: \(result.turns.count) replies, \(result.record.usage.totalTokens) tokens\(cost)")
        let others = headless.export ?? headless.output
        if let line = SaveReport.line(result.saved, record: result.record, otherRecords: others.map { "the call's record is in \($0)" }) {
            Console.standardError(line)
        }
        let signal = signalled.load(ordering: .relaxed)
        if signal != 0 { throw ExitCode(128 + signal) }
    }
}
