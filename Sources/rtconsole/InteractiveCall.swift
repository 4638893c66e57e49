import AudioIO
import ConsoleSettings
import ConsoleUI
import Foundation
import RealtimeCore
import Synchronization
import Terminal

/// A live call in the full-screen console.
///
/// It connects the session, runs the console on its UI thread (which reads the speaker's level itself at
/// every turn of its loop), pumps session updates, keys and microphone levels between them, turns the
/// console's requests into session calls, and shuts down in order: the session is saved, the terminal
/// restored, audio stopped, then the socket closed. The session, the microphone pump and the update pump
/// run on the socket's event loop (an ``EventLoopExecutor``), so a frame or an event wakes one thread on
/// its way, not one per hand-over.
enum InteractiveCall {
    /// How long a signal may take to end the call before the terminal is restored by force.
    static let signalGrace: TimeInterval = 5

    /// Runs the call until the person quits or a signal arrives.
    ///
    /// - Returns: the exit code: 0 after `q`, 1 when the console cannot start, 128 + n after signal n.
    static func run(_ context: CallContext) async throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        do {
            try ConsoleLoop.checkEnvironment(environment)
        } catch {
            Console.standardError("rtconsole: \(error.message)")
            return 1
        }
        let (theme, themeProblem) = ThemeCatalog.loadOrDefault(nameOrPath: context.theme, environment: environment)
        let audio = await InteractiveAudio.open(context.audio)
        var options = context.sessionOptions
        options.playback = audio.output
        let executor = EventLoopExecutor()
        options.executor = executor
        let startedAt = Date()
        if options.autosave == nil {
            options.autosave = context.autosaveFolder.appendingPathComponent("rtconsole-\(fileStamp(startedAt)).json")
        }
        options.afterAutosave = MallocSettings.returnFreePages
        let session = RealtimeSession(options: options)
        let call = CallInfo(
            endpointLabel: context.endpointLabel, isLocalSimulator: context.isLocalSimulator, model: options.endpoint.model,
            api: options.endpoint.api, dialect: options.endpoint.dialect, sessionLimit: context.sessionLimit, themeName: theme.name,
            modelShutdown: ModelCatalog.shutdownMarker(for: options.endpoint.model),
            liveDelegation: options.endpoint.api == .live ? options.live.delegation : nil)
        let model = ConsoleModel(call: call, config: options.config, audio: audio.status, now: startedAt)
        let loop = ConsoleLoop()
        let logFile = context.autosaveFolder.deletingLastPathComponent().appendingPathComponent("console.log")
        do {
            let monochrome = ThemeCatalog.builtIn(ThemeCatalog.monochromeName) ?? theme
            try await loop.start(model: model, theme: theme, monochrome: monochrome, logFile: logFile) { sample(audio) }
        } catch {
            audio.stop()
            Console.standardError("rtconsole: \(error.message)")
            return 1
        }
        if let themeProblem { loop.post(.notice(Notice(.warning, "\(themeProblem.description); using the default theme"))) }
        for notice in audio.notices { loop.post(.notice(notice)) }
        for line in context.startNotices { loop.post(.notice(Notice(.warning, line))) }
        let signalled = Atomic<Int32>(0)
        let finished = Atomic<Bool>(false)
        let signals = SignalTrap { number, count in
            signalled.store(number, ordering: .relaxed)
            guard count == 1 else {
                loop.emergencyRestore()
                _exit(128 + number)
            }
            loop.post(.quit(reason: SignalTrap.name(number)))
            DispatchQueue.global().asyncAfter(deadline: .now() + signalGrace) {
                guard !finished.load(ordering: .acquiring) else { return }
                loop.emergencyRestore()
                _exit(128 + number)
            }
        }

        let tasks = [
            Task(executorPreference: executor) {
                for await update in session.updates { loop.post(.session(update)) }
            },
            Task(executorPreference: executor) {
                do {
                    try await session.connect()
                } catch {
                    loop.post(.notice(Notice(.error, "could not connect: \(error)")))
                }
            },
            Task(executorPreference: executor) { await pumpMicrophone(audio, into: session, loop: loop) },
        ]
        for await effect in loop.effects {
            guard effect != .quit else { break }
            await perform(effect, session: session, audio: audio, loop: loop, exportPath: context.exportPath)
        }

        loop.stop()
        await loop.waitUntilEnded()
        signals.cancel()
        audio.stop()
        await session.finish()
        ToolRunner.stopAll()
        let saved = await session.saveRecord()
        for task in tasks { task.cancel() }
        finished.store(true, ordering: .releasing)
        await report(session: session, saved: saved, recorder: options.recorder, exportPath: context.exportPath)
        let signal = signalled.load(ordering: .relaxed)
        return signal == 0 ? 0 : 128 + signal
    }

    /// Carries out one request of the console.
    private static func perform(
        _ effect: ConsoleEffect, session: RealtimeSession, audio: InteractiveAudio, loop: ConsoleLoop,
        exportPath: URL?
    ) async {
        do {
            switch effect {
            case .updateConfig(let config):
                do {
                    try await session.updateConfig(config)
                } catch {
                    loop.post(.session(.configurationRejected(field: nil, message: error.message)))
                    loop.post(.session(.configuration(await session.configuration)))
                }
            case .sendText(let text):
                try await session.sendText(text)
            case .beginPushToTalk:
                try await session.beginPushToTalk()
            case .endPushToTalk:
                try await session.endPushToTalk()
            case .interrupt:
                if try await !session.interrupt() {
                    loop.post(.notice(Notice(.info, "nothing to interrupt: the assistant is not speaking")))
                }
            case .setMuted(let muted):
                audio.input?.isMuted = muted
                await session.setInputMuted(muted)
            case .reconnect:
                try await session.reconnectNow()
            case .appendInstructions(let text):
                try await session.appendContext(.instructions, text)
            case .updateDelegation(let delegation):
                try await session.updateLiveDelegation(delegation)
            case .setVolume(let volume):
                audio.output?.volume = volume
            case .exportTranscript:
                let url =
                    exportPath
                    ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                    .appendingPathComponent("rtconsole-\(fileStamp(Date())).md")
                try await export(session: session, to: url)
                loop.post(.notice(Notice(.info, "transcript written to \(url.path)")))
            case .quit:
                break
            }
        } catch let error as SessionError {
            loop.post(.notice(Notice(.error, error.message)))
        } catch {
            loop.post(.notice(Notice(.error, "\(error)")))
        }
    }

    /// Sends every microphone frame to the session, and its level to the meters when what they show changes
    /// (a copy of the meters tells), so a quiet microphone does not wake the console 50 times a second; the
    /// session's pacing tells the microphone how long it may gather quiet audio.
    private static func pumpMicrophone(_ audio: InteractiveAudio, into session: RealtimeSession, loop: ConsoleLoop) async {
        guard let frames = audio.frames else { return }
        var meters = MeterState()
        for await frame in frames {
            await session.sendAudio(frame.samples)
            audio.input?.pacing = await session.inputPacing
            if meters.microphone(frame.level, speechLikely: frame.speechLikely, now: Date()) {
                loop.post(.microphone(level: frame.level, speechLikely: frame.speechLikely))
            }
        }
    }

    /// What the console reads at every turn of its loop: the speaker's level and the streams' state.
    private static func sample(_ audio: InteractiveAudio) -> [ConsoleAction] {
        guard let output = audio.output else { return [.audio(audio.currentStatus)] }
        return [.speaker(level: output.level), .audio(audio.currentStatus)]
    }

    /// Writes the transcript in the format its file name says (Markdown when unknown).
    private static func export(session: RealtimeSession, to url: URL) async throws(ExportError) {
        let format = TranscriptFormat(fileExtension: url.pathExtension) ?? .md
        try TranscriptExporter.write(await session.record(), as: format, to: url)
    }

    /// After the screen is restored: the export asked for with --export, the recording, and whether and
    /// where the session was saved.
    private static func report(session: RealtimeSession, saved: AutosaveWriter.Outcome?, recorder: CallRecorder?, exportPath: URL?) async {
        if let exportPath {
            do {
                try await export(session: session, to: exportPath)
                Console.standardError("rtconsole: transcript written to \(exportPath.path)")
            } catch {
                Console.standardError("rtconsole: \(error.description)")
            }
        }
        if let recorder {
            do {
                try await recorder.finish()
                Console.standardError("rtconsole: call recorded to \(recorder.url.path)")
            } catch {
                Console.standardError("rtconsole: the recording was not kept: \(error.description)")
            }
        }
        if let line = SaveReport.line(saved, record: await session.record(), otherRecords: exportPath.map { "the transcript is in \($0.path)" }) {
            Console.standardError(line)
        }
    }

    /// `20250102-150405`: a local time stamp for file names.
    static func fileStamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
