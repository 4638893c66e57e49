import Foundation
import RealtimeCore
import Testing

@testable import ConsoleUI

@Suite struct ReducerTests {
    private func settingsFocused(dialect: Dialect = .ga) -> ConsoleModel {
        var model = ConsoleFixture.connected(dialect: dialect)
        _ = model.handle(.key(.tab))
        #expect(model.focus == .settings)
        return model
    }

    private func updates(_ effects: [ConsoleEffect]) -> [SessionConfig] {
        effects.compactMap { if case .updateConfig(let config) = $0 { config } else { nil } }
    }

    @Test func rapidEditsBecomeOneDebouncedUpdate() {
        var model = settingsFocused()
        var effects: [ConsoleEffect] = []
        let t0 = ConsoleFixture.start + 42
        for step in 0..<3 {
            effects += model.handle(.key(.right))
            effects += model.handle(.tick(t0 + Double(step) * 0.1))
        }
        #expect(updates(effects).isEmpty)
        effects += model.handle(.tick(t0 + 0.25))
        #expect(updates(effects).isEmpty)
        effects += model.handle(.tick(t0 + 0.2 + 0.45))
        effects += model.handle(.tick(t0 + 2))
        let sent = updates(effects)
        #expect(sent.count == 1)
        #expect(sent.first?.voice == "ash")
        #expect(model.parameters.awaitingServer)
        #expect(model.parameters.isPending(.voice))
    }

    @Test func eagernessIsSentWithSemanticVAD() {
        var model = settingsFocused()
        var effects: [ConsoleEffect] = []
        for _ in 0..<3 { _ = model.handle(.key(.down)) }
        effects += model.handle(.key(.right))
        _ = model.handle(.key(.down))
        effects += model.handle(.key(.right))
        effects += model.handle(.tick(ConsoleFixture.start + 50))
        let sent = updates(effects)
        #expect(sent.count == 1)
        #expect(sent.first?.turnDetection == .semanticVAD(TurnDetection.SemanticVAD(eagerness: .low)))
    }

    @Test func aRejectedValueIsRevertedAndTheServersMessageShown() {
        var model = settingsFocused()
        _ = model.handle(.key(.right))
        _ = model.handle(.tick(ConsoleFixture.start + 50))
        #expect(model.parameters.draft.voice == "cedar")
        let message = "Invalid value: 'cedar'. Voice is not supported by this model."
        _ = model.handle(.session(.configurationRejected(field: "session.audio.output.voice", message: message)))
        _ = model.handle(.session(.configuration(ConfigurationLedger(config: SessionConfig(), dialect: .ga))))
        #expect(model.parameters.draft.voice == "marin")
        #expect(!model.parameters.isPending(.voice))
        #expect(model.parameters.messages[.voice]?.text.contains(message) == true)
        #expect(model.notice?.level == .error)
        let screen = ConsoleFixture.screen(model)
        #expect(screen.contains("Voice           marin "))
        #expect(screen.contains("Voice: rejected by the server: Invalid"))
        #expect(screen.contains("✗ the server rejected voice: Invalid value: 'cedar'."))
        #expect(screen.contains("n: read it all"), "the cut message says where to read it")
        _ = model.handle(.key(.character("n")))
        let messages = ConsoleFixture.screen(model)
        #expect(messages.contains("┌ Messages"))
        #expect(messages.contains("the server rejected voice: Invalid value: 'cedar'. Voice is not supported by this model."))
        #expect(messages.contains("Local simulator: no API key was found, so replies are synthetic."), "the banner, readable in full")
    }

    @Test func temperatureUnderGAIsNotApplicableAndNeverSent() {
        var model = settingsFocused()
        _ = model.handle(.key(.down))
        var effects = model.handle(.key(.right))
        effects += model.handle(.tick(ConsoleFixture.start + 60))
        #expect(updates(effects).isEmpty)
        #expect(model.parameters.displayValue(.temperature) == "n/a under GA")
        #expect(model.parameters.messages[.temperature]?.text.contains("GA models have none") == true)
    }

    @Test func temperatureStepsBy005UnderBeta() {
        var model = settingsFocused(dialect: .beta)
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        _ = model.handle(.key(.right))
        #expect(model.parameters.draft.temperature == 0.9)
        for _ in 0..<20 { _ = model.handle(.key(.left)) }
        #expect(model.parameters.draft.temperature == 0.6)
    }

    @Test func theVoiceIsLockedOnceTheAssistantHasSpoken() {
        var model = settingsFocused()
        var ledger = ConfigurationLedger(config: SessionConfig(), dialect: .ga)
        let locked = ledger.assistantSpoke()
        #expect(locked)
        _ = model.handle(.session(.configuration(ledger)))
        let effects = model.handle(.key(.right)) + model.handle(.tick(ConsoleFixture.start + 60))
        #expect(updates(effects).isEmpty)
        #expect(model.parameters.displayValue(.voice) == "marin (locked)")
    }

    @Test func typingAMessageSendsIt() {
        var model = ConsoleFixture.connected()
        _ = model.handle(.key(.character("t")))
        for character in "héllo 世界" { _ = model.handle(.key(.character(character))) }
        _ = model.handle(.key(.backspace))
        let screen = ConsoleFixture.screen(model)
        #expect(screen.contains("Message ▸ héllo 世"))
        let effects = model.handle(.key(.enter))
        #expect(effects == [.sendText("héllo 世")])
        #expect(model.textEntry == nil)
    }

    @Test func quitAndCtrlCAskToSaveAndQuit() {
        var model = ConsoleFixture.connected()
        #expect(model.handle(.key(.character("q"))) == [.quit])
        #expect(model.quitting)
        #expect(model.handle(.key(.character("q"))).isEmpty)
        var other = ConsoleFixture.connected()
        #expect(other.handle(.key(.interrupt)) == [.quit])
        var signalled = ConsoleFixture.connected()
        #expect(signalled.handle(.quit(reason: "SIGTERM")) == [.quit])
        #expect(signalled.notice?.text.contains("SIGTERM") == true)
    }

    @Test func volumeNeedsAudio() {
        var model = ConsoleFixture.connected()
        #expect(model.handle(.key(.character("]"))).isEmpty)
        #expect(model.notice?.text.contains("no speaker") == true)
    }

    @Test func globalKeysBecomeRequests() {
        var model = ConsoleFixture.connected(audio: .live)
        #expect(model.handle(.key(.character("i"))) == [.interrupt])
        #expect(model.handle(.key(.character("m"))) == [.setMuted(true)])
        #expect(model.handle(.key(.character("m"))) == [.setMuted(false)])
        #expect(model.handle(.key(.character("]"))) == [.setVolume(1.1)])
        for _ in 0..<10 { _ = model.handle(.key(.character("]"))) }
        #expect(model.volume == 1.5)
        #expect(model.handle(.key(.character("["))) == [.setVolume(1.4)])
        #expect(model.handle(.key(.character("e"))) == [.exportTranscript])
        #expect(model.handle(.key(.character("?"))).isEmpty)
        #expect(model.overlay == .help(scroll: 0))
        _ = model.handle(.key(.escape))
        #expect(model.overlay == nil)
    }

    @Test func theHelpScrollsWithTheArrowsAndClosesWithAnyOtherKey() {
        var model = ConsoleFixture.connected(width: 60, height: 20)
        _ = model.handle(.key(.character("?")))
        model.layout = ConsoleRenderer.render(model).facts
        #expect(model.layout.overlayLines > model.layout.overlayRows, "the help is longer than a 60×20 screen")
        _ = model.handle(.key(.down))
        #expect(model.overlay == .help(scroll: 1), "↓ scrolls instead of closing")
        _ = model.handle(.key(.end))
        #expect(model.overlay == .help(scroll: model.layout.overlayLines - model.layout.overlayRows))
        _ = model.handle(.key(.pageDown))
        #expect(model.overlay == .help(scroll: model.layout.overlayLines - model.layout.overlayRows), "it stops at the end")
        _ = model.handle(.key(.escape))
        #expect(model.overlay == nil)
    }

    @Test func theHeaderKeepsTheEndpointsHostAndPortWhenItMustShortenIt() {
        for width in [100, 80, 72] {
            let model = ConsoleFixture.connected(width: width, height: 24)
            let header = ConsoleRenderer.render(model).canvas.text.split(separator: "\n")[0]
            #expect(header.contains("127.0.0.1:40123"), "at \(width) columns: \(header)")
        }
        #expect(HeaderView.fitted("custom server wss://voice.example.com:8443/v1", width: 25, ellipsis: "…") == "voice.example.com:8443")
        #expect(HeaderView.fitted("custom server wss://voice.example.com:8443/v1", width: 12, ellipsis: "…") == "…le.com:8443")
    }

    @Test func theEventsPaneReadsInTimeOrderAndMarksCutNames() {
        var model = ConsoleFixture.connected()
        _ = model.handle(.session(.event(ConsoleFixture.event(1, .client, "input_audio_buffer.append", at: 1))))
        _ = model.handle(.session(.event(ConsoleFixture.event(2, .server, "input_audio_buffer.speech_started", at: 2))))
        _ = model.handle(.session(.event(ConsoleFixture.event(3, .client, "input_audio_buffer.append", at: 3))))
        _ = model.handle(.session(.event(ConsoleFixture.event(4, .server, "conversation.item.input_audio_transcription.completed", at: 4))))
        let rows = ConsoleFixture.screen(model).split(separator: "\n").filter { $0.contains("input_audio") || $0.contains("conversation.item") }
        let times = rows.compactMap { row in row.split(separator: "│").last.map { String($0.prefix(9)) } }
        #expect(times == ["00:01.000", "00:02.000", "00:04.000"], "a folded run shows when it began: \(rows)")
        #expect(rows.last?.hasSuffix("conversation.item.input_a…│") == true, "a cut name ends with an ellipsis: \(rows)")
    }

    @Test func pushToTalkWithoutAMicrophoneExplains() {
        var model = ConsoleFixture.connected()
        #expect(model.handle(.key(.character(" "))).isEmpty)
        #expect(model.notice?.text.contains("push-to-talk needs the microphone") == true)
    }

    @Test func pushToTalkTapToggles() {
        var ptt = PushToTalk()
        let t = ConsoleFixture.start
        #expect(ptt.press(at: t) == true)
        #expect(ptt.tick(at: t + 1) == nil)
        #expect(ptt.press(at: t + 3) == nil)
        #expect(ptt.tick(at: t + 3.1) == nil)
        #expect(ptt.tick(at: t + 3.2) == false)
        #expect(!ptt.isTalking)
    }

    @Test func pushToTalkHoldEndsWhenTheRepeatsStop() {
        var ptt = PushToTalk()
        let t = ConsoleFixture.start
        #expect(ptt.press(at: t) == true)
        var time = 0.5
        while time < 2 {
            #expect(ptt.press(at: t + time) == nil)
            #expect(ptt.tick(at: t + time + 0.01) == nil)
            time += 0.033
        }
        #expect(ptt.phase == .held)
        #expect(ptt.tick(at: t + time + 0.2) == nil)
        #expect(ptt.tick(at: t + time + 0.35) == false)
    }

    @Test func holdingSpaceToEndAToggledTurnDoesNotStartAnother() {
        var ptt = PushToTalk()
        let t = ConsoleFixture.start
        #expect(ptt.press(at: t) == true)
        #expect(ptt.press(at: t + 5) == nil)
        #expect(ptt.tick(at: t + 5.2) == false)
        var time = 5.5
        while time < 7 {
            #expect(ptt.press(at: t + time) == nil)
            #expect(ptt.tick(at: t + time + 0.01) == nil)
            time += 0.033
        }
        #expect(ptt.tick(at: t + 8) == nil)
        #expect(!ptt.isTalking)
        #expect(ptt.press(at: t + 10) == true)
    }

    @Test func eventsFoldStreamsAndFilterByType() {
        var log = EventLog()
        log.append(ConsoleFixture.event(1, .client, "session.update", at: 0))
        for id in 2...40 {
            log.append(
                ConsoleFixture.event(
                    id, .server, id % 2 == 0 ? "response.output_audio.delta" : "response.output_audio_transcript.delta",
                    at: Double(id) / 10, audioBytes: id % 2 == 0 ? 4800 : 0))
        }
        log.append(ConsoleFixture.event(41, .server, "response.done", at: 5))
        #expect(log.rows.count == 4)
        #expect(log.rows[1].count == 20)
        #expect(log.rows[1].audioBytes == 96_000)
        var run = ConsoleFixture.event(42, .client, "input_audio_buffer.append", at: 5.1, audioBytes: 9600)
        run.count = 10
        log.append(run)
        log.append(run)
        #expect(log.rows.last?.count == 20)
        #expect(log.total == 61)
        log.filter = "DONE"
        #expect(log.visibleRows.map(\.latest.type) == ["response.done"])
        log.filter = ""
        log.direction = .client
        #expect(log.visibleRows.map(\.latest.type) == ["session.update", "input_audio_buffer.append"])
    }

    @Test func transcriptScrollbackStopsAtTheTop() {
        var model = ConsoleFixture.connected()
        for index in 0..<60 {
            let entry = ConversationEntry(
                id: "item_\(index)", speaker: index % 2 == 0 ? .user : .assistant, text: "line \(index)",
                isPartial: false, createdAt: ConsoleFixture.start + Double(index))
            _ = model.handle(.session(.entry(entry)))
        }
        model.layout = ConsoleRenderer.render(model).facts
        _ = model.handle(.key(.pageUp))
        #expect(model.transcriptScroll == model.layout.transcriptRows - 1)
        #expect(ConsoleFixture.screen(model).contains("more lines below; End follows"))
        _ = model.handle(.key(.home))
        model.layout = ConsoleRenderer.render(model).facts
        _ = model.handle(.key(.home))
        #expect(ConsoleFixture.screen(model).contains("00:00 You  line 0"))
        _ = model.handle(.key(.end))
        #expect(model.transcriptScroll == 0)
    }

    @Test func ticksRedrawOnlyWhenTheScreenWouldChange() {
        var model = ConsoleFixture.connected()
        model.needsDisplay = false
        _ = model.handle(.tick(ConsoleFixture.start + 42.01))
        #expect(!model.needsDisplay)
        _ = model.handle(.tick(ConsoleFixture.start + 43.01))
        #expect(model.needsDisplay)
    }

    @Test func anIdleConsoleSleepsUntilItsClockMoves() {
        var model = ConsoleFixture.connected()
        #expect(abs(model.idleTickDelay(limit: 1) - 1) < 0.001, "42 s into the call: the clock moves at 43 s")
        _ = model.handle(.tick(ConsoleFixture.start + 42.3))
        #expect(abs(model.idleTickDelay(limit: 1) - 0.7) < 0.001)
        #expect(abs(model.idleTickDelay(limit: 0.25) - 0.25) < 0.001, "never longer than the limit")
        _ = model.handle(.session(.userSpeaking(true)))
        _ = model.handle(.tick(ConsoleFixture.start + 42.3))
        #expect(abs(model.idleTickDelay(limit: 1) - 0.2) < 0.001, "with activity in the strip, its next half-second step")
    }

    /// Moves the model's clock to `seconds` after the fixture's start, as if the frame it asked for was drawn.
    private func settle(_ model: inout ConsoleModel, at seconds: TimeInterval) {
        _ = model.handle(.tick(ConsoleFixture.start + seconds))
        model.needsDisplay = false
        model.needsMeterDisplay = false
    }

    @Test func theSpeakerIsWatchedAtTheFrameRateWhileAReplyMayBeHeard() {
        var model = ConsoleFixture.connected(audio: .live)
        settle(&model, at: 50)
        #expect(!model.wantsFrequentTicks, "nothing plays and no reply is under way")
        _ = model.handle(.session(.assistantResponding(true)))
        settle(&model, at: 50.1)
        #expect(model.wantsFrequentTicks, "a reply is under way: its audio may start at any tick")
        _ = model.handle(.speaker(level: AudioLevel(rmsDBFS: -20, peakDBFS: -12)))
        settle(&model, at: 51)
        _ = model.handle(.session(.assistantResponding(false)))
        settle(&model, at: 52.5)
        #expect(model.wantsFrequentTicks, "the reply is done but still audible")
        _ = model.handle(.speaker(level: .silence))
        settle(&model, at: 52.6)
        #expect(!model.wantsFrequentTicks, "silent, and the reply ended more than a second ago")
        _ = model.handle(.session(.assistantResponding(true)))
        settle(&model, at: 53)
        _ = model.handle(.session(.assistantResponding(false)))
        settle(&model, at: 53.5)
        #expect(model.wantsFrequentTicks, "silent, but the reply ended less than a second ago: its audio may still start")
        settle(&model, at: 54.1)
        #expect(!model.wantsFrequentTicks)
        _ = model.handle(.audio(.live))
        #expect(!model.needsDisplay, "an unchanged audio state, sampled at every tick, draws nothing")
        _ = model.handle(.audio(.interrupted(reason: "the PulseAudio server went away")))
        #expect(model.needsDisplay)
    }

    @Test func theMicrophoneIsTakenAtTheFrameRateWhileSomeoneSpeaks() {
        var model = ConsoleFixture.connected(audio: .live)
        settle(&model, at: 50)
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -70, peakDBFS: -64), speechLikely: false))
        settle(&model, at: 50.1)
        #expect(!model.wantsFrequentTicks, "a quiet microphone: a level that changes wakes the console by itself")
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -18, peakDBFS: -9), speechLikely: true))
        settle(&model, at: 50.2)
        #expect(model.wantsFrequentTicks, "speech by the local estimate: levels are taken at each frame")
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -70, peakDBFS: -64), speechLikely: false))
        settle(&model, at: 50.3)
        #expect(!model.wantsFrequentTicks)
        _ = model.handle(.session(.userSpeaking(true)))
        settle(&model, at: 50.4)
        #expect(model.wantsFrequentTicks, "the server hears speech")
        _ = model.handle(.session(.userSpeaking(false)))
        settle(&model, at: 52)
        #expect(!model.wantsFrequentTicks)
    }

    @Test func fixedPointNumbersReadAsPrintfWouldPrintThem() {
        for value in [-23.44, -100, 0, 0.6, 0.65, 1.2, 3.14159, 12.3456, 0.0001, 99.96, -7.777, 1234.5678] {
            for (decimals, width) in [(1, 5), (2, 0), (4, 0), (0, 3)] {
                #expect(Format.fixed(value, decimals: decimals, width: width) == String(format: "%*.*f", width, decimals, value))
            }
        }
        #expect(Format.fixed(-0.04, decimals: 1) == "0.0")
        #expect(Format.preciseClock(83.0456) == "01:23.046")
    }

    @Test func theTimeLeftCountsFromTheCurrentServerSession() {
        var model = ConsoleFixture.connected()
        #expect(model.sessionSecondsLeft == 3600 - 42)
        _ = model.handle(.tick(ConsoleFixture.start + 3500))
        _ = model.handle(.session(.connection(.connected(sessionID: "sess_1"))))
        #expect(model.sessionSecondsLeft == 100, "the same session again: its limit still stands")
        _ = model.handle(.session(.connection(.connected(sessionID: "sess_2"))))
        _ = model.handle(.tick(ConsoleFixture.start + 3510))
        #expect(model.sessionSecondsLeft == 3590, "a rollover starts a new session with its own limit")
        #expect(model.sessionSeconds == 3510, "the call's clock keeps counting")
        let header = ConsoleRenderer.render(model).canvas.text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("59:50 left"), "header: \(header)")
    }

    @Test func anEmptyActivityStripDoesNotRedrawAsItMoves() {
        var timeline = ActivityTimeline(start: ConsoleFixture.start)
        let movedEmpty = timeline.advance(to: ConsoleFixture.start + 0.6)
        #expect(!movedEmpty, "nothing in the strip: moving it changes nothing on screen")
        let marked = timeline.mark(.user)
        let moved = timeline.advance(to: ConsoleFixture.start + 1.1)
        #expect(marked && moved)
        #expect(timeline.nextSlotStart == ConsoleFixture.start + 1.5)
    }

    @Test func aSteadyMicrophoneDoesNotAskForFrames() {
        var model = ConsoleFixture.connected()
        let level = AudioLevel(rmsDBFS: -23.4, peakDBFS: -12)
        _ = model.handle(.microphone(level: level, speechLikely: false))
        var framesAskedFor = 0
        for frame in 1...100 {
            _ = model.handle(.tick(ConsoleFixture.start + 42 + Double(frame) / 50))
            model.needsDisplay = false
            model.needsMeterDisplay = false
            _ = model.handle(.microphone(level: level, speechLikely: false))
            if model.needsDisplay || model.needsMeterDisplay { framesAskedFor += 1 }
        }
        #expect(framesAskedFor == 0)
        _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: -30, peakDBFS: -20), speechLikely: false))
        #expect(model.needsMeterDisplay)
        #expect(!model.needsDisplay)
    }

    @Test func redrawingOnlyTheMetersGivesTheSameScreenAsAWholeFrame() {
        var model = ConsoleFixture.connected()
        model.audio = .live
        model.layout = ConsoleRenderer.render(model).facts
        var canvas = ConsoleRenderer.render(model).canvas
        for (rms, peak) in [(-12.0, -3.0), (-45.0, -30.0), (-70.0, -70.0)] {
            _ = model.handle(.microphone(level: AudioLevel(rmsDBFS: rms, peakDBFS: peak), speechLikely: rms > -40))
            _ = model.handle(.speaker(level: AudioLevel(rmsDBFS: rms + 3, peakDBFS: peak)))
            #expect(ConsoleRenderer.renderMeters(model, onto: &canvas, facts: model.layout))
            #expect(canvas.text == ConsoleRenderer.render(model).canvas.text)
            #expect(canvas == ConsoleRenderer.render(model).canvas)
        }
        model.overlay = .help(scroll: 0)
        #expect(!ConsoleRenderer.renderMeters(model, onto: &canvas, facts: model.layout))
    }

    @Test func copyingAnUnchangedSettingsPaneGivesTheSameFrameAsDrawingIt() {
        var model = ConsoleFixture.conversation()
        var cache = PaneCache()
        func expectSameFrame(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let cached = ConsoleRenderer.render(model, cache: &cache).canvas
            let drawn = ConsoleRenderer.render(model).canvas
            let differing = zip(cached.textLines, drawn.textLines).enumerated().first { $0.element.0 != $0.element.1 }
            let same = cached == drawn
            #expect(
                same, "after \(step): row \(differing.map { "\($0.offset): \($0.element.0) / drawn: \($0.element.1)" } ?? "styles")",
                sourceLocation: sourceLocation)
        }
        expectSameFrame("the first frame")
        let longer = ConversationEntry(
            id: "item_4", speaker: .assistant, text: "In Osaka it is raining", isPartial: true,
            createdAt: ConsoleFixture.start + 11)
        _ = model.handle(.session(.entry(longer)))
        expectSameFrame("a transcript delta")
        _ = model.handle(.key(.tab))
        expectSameFrame("Tab to the settings")
        _ = model.handle(.key(.right))
        expectSameFrame("a changed voice")
        _ = model.handle(.key(.down))
        expectSameFrame("the next setting selected")
        settle(&model, at: 50)
        expectSameFrame("the change sent")
        _ = model.handle(.resize(width: 70, height: 24))
        expectSameFrame("a resize to the narrow layout")
        _ = model.handle(.key(.tab))
        expectSameFrame("Tab in the narrow layout")
        model.glyphs = .ascii
        expectSameFrame("ASCII glyphs")
    }

    @Test func thePeakHoldFallsBackOnlyAfterItsTime() {
        var meters = MeterState()
        let t0 = ConsoleFixture.start
        let first = meters.microphone(AudioLevel(rmsDBFS: -20, peakDBFS: -6), speechLikely: true, now: t0)
        #expect(first)
        let quieterWithinTheHold = meters.microphone(AudioLevel(rmsDBFS: -20, peakDBFS: -30), speechLikely: true, now: t0 + 1)
        #expect(!quieterWithinTheHold)
        #expect(meters.inputPeakDBFS == -6)
        let quieterAfterTheHold = meters.microphone(AudioLevel(rmsDBFS: -20, peakDBFS: -30), speechLikely: true, now: t0 + 1.6)
        #expect(quieterAfterTheHold)
        #expect(meters.inputPeakDBFS == -30)
    }

    @Test func streamingEventsAreCountedAtOnceAndDrawnAtMostTwiceASecond() {
        var model = ConsoleFixture.connected()
        let t0 = ConsoleFixture.start + 42
        _ = model.handle(.tick(t0))
        model.needsDisplay = false
        var append = ConsoleFixture.event(100, .client, "input_audio_buffer.append", at: 42, audioBytes: 9600)
        append.count = 10
        _ = model.handle(.session(.event(append)))
        #expect(model.events.total == 10)
        #expect(!model.needsDisplay)
        _ = model.handle(.tick(t0 + 0.2))
        #expect(!model.needsDisplay)
        _ = model.handle(.tick(t0 + 0.5))
        #expect(model.needsDisplay)
        model.needsDisplay = false
        _ = model.handle(.session(.event(ConsoleFixture.event(101, .server, "session.updated", at: 42.6))))
        #expect(model.needsDisplay)
        #expect(model.events.rows.last?.latest.type == "session.updated")
    }

    @Test func entriesAfterTheFirstHourKeepTheirTextAligned() {
        var model = ConsoleFixture.connected()
        let text = "after an hour the clock takes two more columns and the wrapped lines must follow the text"
        let entry = ConversationEntry(id: "late", speaker: .assistant, text: text, isPartial: false, createdAt: ConsoleFixture.start + 3608)
        _ = model.handle(.session(.entry(entry)))
        let lines = TranscriptView.lines(for: entry, model: model, width: 40).map { $0.map(\.text).joined() }
        #expect(lines.first?.hasPrefix("1:00:08 AI   after") == true)
        let textColumn = "1:00:08 AI   ".count
        for line in lines.dropFirst() {
            #expect(line.prefix(textColumn).allSatisfy { $0 == " " } && line.dropFirst(textColumn).first != " ", "\(line)")
        }
        #expect(lines.count > 1)
    }

    @Test func aClosedCallReconnectsWithRAndKeepsATypedMessageUntilItIsBack() {
        var model = ConsoleFixture.connected()
        #expect(model.handle(.key(.character("r"))).isEmpty, "nothing to reconnect while connected")
        _ = model.handle(.session(.connection(.closed(reason: "could not reconnect after 6 attempts: refused"))))
        #expect(model.notice?.text.contains("press r to reconnect") == true)
        _ = model.handle(.key(.character("t")))
        for character in "still there?" { _ = model.handle(.key(.character(character))) }
        #expect(model.handle(.key(.enter)).isEmpty)
        #expect(model.notice?.text.contains("your message is kept") == true)
        #expect(!(model.notice?.text.contains("closed(reason:") ?? true), "the state in words, not Swift's")
        #expect(model.handle(.key(.character("r"))) == [.reconnect])
        _ = model.handle(.session(.connection(.reconnecting(attempt: 1))))
        #expect(model.handle(.session(.connection(.connected(sessionID: "sess_2")))) == [.sendText("still there?")])
        #expect(model.pendingMessage == nil)
    }

    @Test func informationAndWarningsGoStaleErrorsStay() {
        var model = ConsoleFixture.connected()
        _ = model.handle(.notice(Notice(.info, "exported")))
        _ = model.handle(.tick(ConsoleFixture.start + 42 + 9))
        #expect(model.notice?.text == "exported")
        _ = model.handle(.tick(ConsoleFixture.start + 42 + 11))
        #expect(model.notice == nil, "a stale information line is cleared")
        _ = model.handle(.notice(Notice(.error, "the session ended")))
        _ = model.handle(.tick(ConsoleFixture.start + 42 + 600))
        #expect(model.notice?.text == "the session ended", "an error stays until something replaces it")
    }
}
