import Testing

@testable import ConsoleUI

/// Whole screens rendered to text and compared with what they must look like.
@Suite struct ScreenTests {
    private func expectScreen(_ model: ConsoleModel, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = ConsoleFixture.screen(model)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(actualLines.count == expectedLines.count, sourceLocation: sourceLocation)
        for (index, (got, want)) in zip(actualLines, expectedLines).enumerated() where got != want {
            Issue.record("line \(index + 1) differs:\n  got:  \(got)\n  want: \(want)", sourceLocation: sourceLocation)
        }
    }

    @Test func wideCharactersKeepTheBordersAligned() {
        let canvas = ConsoleRenderer.render(ScreenStates.conversation()).canvas
        for y in 3..<23 {
            #expect(canvas[59, y].text == "│", "row \(y): the transcript's right border moved")
            #expect(["│", "┌", "└"].contains(canvas[60, y].text), "row \(y): the settings' left border moved")
            #expect(DisplayWidth.of(canvas.textLines[y]) <= canvas.width)
        }
        let row = 3
        let wide = (0..<canvas.width).first { canvas[$0, row].text == "東" }
        #expect(wide == 35)
        #expect(canvas[36, row].width == 0)
        #expect(canvas[37, row].text == "京")
        let emoji = (0..<canvas.width).first { canvas[$0, row].text == "🙂" }
        #expect(emoji.map { canvas[$0 + 1, row].width } == 0)
    }

    /// The idle console on the simulator, audio off.
    @Test func idleOnTheSimulator() {
        expectScreen(
            ScreenStates.idle(),
            #"""
             rtconsole  local simulator 127.0.0.1:40123 │ gpt-realtime-2.1 GA   ● connected  00:42 │ 59:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │  Nothing said yet.                                       ││▸Voice           marin                │
            │  Press t to type a message (the microphone is off).      ││ Temperature     n/a under GA         │
            │  The local simulator answers with synthetic speech and   ││ Reasoning       model default        │
            │  scripted text.                                          ││ Turn detection  server VAD           │
            │                                                          ││ Eagerness       —                    │
            │                                                          ││ Threshold       0.50                 │
            │                                                          ││ Prefix padding  300 ms               │
            │                                                          ││ Silence         500 ms               │
            │                                                          ││ Output          audio                │
            │                                                          ││ Speed           1.00×                │
            │                                                          ││←→ choose the voice; it is fixed once │
            │                                                          ││the assistant has spoken              │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Audio off: --no-audio was given. Text mode: press t to type.
             VAD idle                                         Timeline ········································

             mic off │ PTT off │ no turn yet │ 0 turns, 0 tokens                                     theme dark
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// A conversation: CJK and emoji, an interrupted reply, a tool call, a reply still streaming.
    @Test func conversationWithPartialAndInterruptedReplies() {
        expectScreen(
            ScreenStates.conversation(),
            #"""
             rtconsole  local simulator 127.0.0.1:40123 │ gpt-realtime-2.1 GA   ● connected  00:42 │ 59:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │ 00:03 You  What's the weather in 東京 today? ☀️🙂         ││▸Voice           marin (locked)       │
            │ 00:05 AI   It is sunny in Tokyo with a light breeze ✂    ││ Temperature     n/a under GA         │
            │            interrupted after 2.3 s                       ││ Reasoning       model default        │
            │ 00:09 Tool get_weather({"city":"Osaka"})                 ││ Turn detection  server VAD           │
            │ 00:11 AI   In Osaka it is…                               ││ Eagerness       —                    │
            │                                                          ││ Threshold       0.50                 │
            │                                                          ││ Prefix padding  300 ms               │
            │                                                          ││ Silence         500 ms               │
            │                                                          ││ Output          audio                │
            │                                                          ││ Speed           1.00×                │
            │                                                          ││←→ choose the voice; it is fixed once │
            │                                                          ││the assistant has spoken              │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Mic █████████████████·····│····· -23.5 dBFS   Out ···························· silent
             VAD idle (assistant answering)                   Timeline ·······································✂
             • you cut the assistant off after 2.3 s of the reply; the transcript keeps only what was heard
             mic on │ PTT off │ no turn yet │ 0 turns, 0 tokens                                      theme dark
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// The settings panel with temperature not applicable under GA.
    @Test func settingsWithTemperatureNotApplicableUnderGA() {
        expectScreen(
            ScreenStates.temperatureUnderGA(),
            #"""
             rtconsole  local simulator 127.0.0.1:40123 │ gpt-realtime-2.1 GA   ● connected  00:42 │ 59:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │  Nothing said yet.                                       ││ Voice           marin                │
            │  Press t to type a message (the microphone is off).      ││▸Temperature     n/a under GA         │
            │  The local simulator answers with synthetic speech and   ││ Reasoning       model default        │
            │  scripted text.                                          ││ Turn detection  server VAD           │
            │                                                          ││ Eagerness       —                    │
            │                                                          ││ Threshold       0.50                 │
            │                                                          ││ Prefix padding  300 ms               │
            │                                                          ││ Silence         500 ms               │
            │                                                          ││ Output          audio                │
            │                                                          ││ Speed           1.00×                │
            │                                                          ││Temperature: GA models have none; it  │
            │                                                          ││is sent only to beta-dialect servers  │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Audio off: --no-audio was given. Text mode: press t to type.
             VAD idle                                         Timeline ········································

             mic off │ PTT off │ no turn yet │ 0 turns, 0 tokens                                     theme dark
             Settings: Tab next pane  ↑↓ select  ←→ -+ change  Enter edit text
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// An event expanded to pretty JSON, its key redacted.
    @Test func inspectorExpanded() {
        expectScreen(
            ScreenStates.inspectorExpanded(),
            #"""
             rtconsole  local simulator 127.0.0.1:40123 │ gpt-realtime-2.1 GA   ● connected  00:42 │ 59:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ session.update → client │ 00:00.250 ─────────────────────────────────────────────────────────────┐
            │{                                                                                                 │
            │  "type": "session.update",                                                                       │
            │  "event_id": "rtc_1",                                                                            │
            │  "session": {                                                                                    │
            │    "type": "realtime",                                                                           │
            │    "instructions": "Be brief. My key is sk-proj-…(redacted)",                                    │
            │    "audio": {                                                                                    │
            │      "output": {                                                                                 │
            │        "voice": "cedar"                                                                          │
            │      }                                                                                           │
            │    }                                                                                             │
            │  }                                                                                               │
            │}                                                                                                 │
            │                                                                                                  │
            │                                                                                                  │
            │                                                                                                  │
            │                                                                                                  │
            │                                                                                                  │
            │                                                                                                  │
            │↑↓ PgUp PgDn scroll │ other keys close                                                            │
            └──────────────────────────────────────────────────────────────────────────────────────────────────┘
             Audio off: --no-audio was given. Text mode: press t to type.
             VAD idle                                         Timeline ········································

             mic off │ PTT off │ no turn yet │ 0 turns, 0 tokens                                     theme dark
             Events: Tab next pane  ↑↓ PgUp PgDn select  Enter expand  / filter  ←→ direction
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// The help overlay at 80×24: descriptions wrap by words under their column, and it scrolls.
    @Test func helpOverlayAt80x24() {
        expectScreen(
            ScreenStates.help(width: 80, height: 24),
            #"""
            ┌ Keys ────────────────────────────────────────────────────────────────────────┐
            │ Everywhere                                                                   │
            │   Space         push-to-talk: hold to talk, or tap to start and tap again to │
            │                 send                                                         │
            │   i             interrupt the assistant (playback stops, the reply is cut at │
            │                 what you heard)                                              │
            │   m             mute or unmute the microphone                                │
            │   t             type a message (Enter sends, Esc cancels)                    │
            │   e             export the transcript (Markdown, or the --export path)       │
            │   ?             this help (F1 too; ↑↓ scroll it, other keys close it)        │
            │   q             save the session and quit (Ctrl-C too)                       │
            │   [ ]           turn the assistant's voice down or up (0–150 %)              │
            │   n             every message of this call in full (the line above the       │
            │                 status bar shows the latest)                                 │
            │   r             reconnect a call that closed (the conversation carries over) │
            │   Ctrl-Z        suspend to the shell; fg resumes (a call dropped meanwhile   │
            │                 reconnects)                                                  │
            │   Tab           move the focus: transcript, settings, events (Shift-Tab      │
            │                 back)                                                        │
            │ Transcript                                                                   │
            │ lines 1–19/36 │ ↑↓ PgUp PgDn scroll │ other keys close                       │
            └──────────────────────────────────────────────────────────────────────────────┘
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// The help overlay at the smallest size, scrolled to its end: the Events keys and the timeline legend.
    @Test func helpOverlayAt60x20ScrolledToTheEnd() {
        expectScreen(
            ScreenStates.help(width: 60, height: 20, keys: [.end]),
            #"""
            ┌ Keys ────────────────────────────────────────────────────┐
            │   ←→ -+         change it; the server gets one update    │
            │                 0.4 s after the last change              │
            │   Enter         type the instructions or a transcription │
            │                 model                                    │
            │ Events                                                   │
            │   ↑↓ PgUp PgDn  choose an event; End follows new events  │
            │   Enter         show the event as JSON (audio elided,    │
            │                 keys and tokens redacted)                │
            │   /             show only event types containing some    │
            │                 text                                     │
            │   ←→            show client events, server events, or    │
            │                 both; Esc clears filters                 │
            │ Timeline (0.5 s a cell): ▄ you  ▀ assistant  █ both  ✂   │
            │ barge-in                                                 │
            │ Theme dark; `rtconsole themes` lists the others.         │
            │ lines 32–46/46 │ ↑↓ PgUp PgDn scroll │ other keys close  │
            └──────────────────────────────────────────────────────────┘
             Transcript: Tab next pane ↑↓ scroll PgUp PgDn page
             Space talk i interrupt m mute t type e export ? help q quit
            """#)
    }

    /// The message log (n): every message in full, wrapped, with the call clock.
    @Test func messageLog() {
        expectScreen(
            ScreenStates.messages(),
            #"""
             127.0.0.1:40123 │ gpt-realtime-2.1 GA          ● connected  00:50 │ 59:10 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_AP…
            ┌ Messages 3 ──────────────────────────────────────────────────────────────────┐
            │ 00:00 • Local simulator: no API key was found, so replies are synthetic. Set │
            │         OPENAI_API_KEY, or pass --endpoint URL, to reach the real service.   │
            │ 00:00 • Audio off: --no-audio was given                                      │
            │ 00:50 ✗ the server rejected voice: Invalid value: 'cedar'. Voice is not      │
            │         supported by this model. (reverted)                                  │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │                                                                              │
            │ ↑↓ PgUp PgDn scroll │ other keys close                                       │
            └──────────────────────────────────────────────────────────────────────────────┘
             Audio off: --no-audio was given. Text mode: press t to type.
             VAD idle                               Timeline ······························
             ✗ the server rejected voice: Invalid value: 'cedar'. Voice i… │ n: read it all
             mic off │ PTT off │ no turn yet │ 0 turns, 0 tokens                 theme dark
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// The help overlay.
    @Test func helpOverlay() {
        expectScreen(
            ScreenStates.help(),
            #"""
            ┌ Keys ────────────────────────────────────────────────────────────────────────────────────────────┐
            │ Everywhere                                                                                       │
            │   Space         push-to-talk: hold to talk, or tap to start and tap again to send                │
            │   i             interrupt the assistant (playback stops, the reply is cut at what you heard)     │
            │   m             mute or unmute the microphone                                                    │
            │   t             type a message (Enter sends, Esc cancels)                                        │
            │   e             export the transcript (Markdown, or the --export path)                           │
            │   ?             this help (F1 too; ↑↓ scroll it, other keys close it)                            │
            │   q             save the session and quit (Ctrl-C too)                                           │
            │   [ ]           turn the assistant's voice down or up (0–150 %)                                  │
            │   n             every message of this call in full (the line above the status bar shows the      │
            │                 latest)                                                                          │
            │   r             reconnect a call that closed (the conversation carries over)                     │
            │   Ctrl-Z        suspend to the shell; fg resumes (a call dropped meanwhile reconnects)           │
            │   Tab           move the focus: transcript, settings, events (Shift-Tab back)                    │
            │ Transcript                                                                                       │
            │   ↑↓            scroll the transcript a line                                                     │
            │   PgUp PgDn     scroll a page                                                                    │
            │   Home End      jump to the start, or back to the end (follow new text)                          │
            │ Settings                                                                                         │
            │   ↑↓            choose a setting                                                                 │
            │   ←→ -+         change it; the server gets one update 0.4 s after the last change                │
            │   Enter         type the instructions or a transcription model                                   │
            │ Events                                                                                           │
            │   ↑↓ PgUp PgDn  choose an event; End follows new events                                          │
            │   Enter         show the event as JSON (audio elided, keys and tokens redacted)                  │
            │ lines 1–25/29 │ ↑↓ PgUp PgDn scroll │ other keys close                                           │
            └──────────────────────────────────────────────────────────────────────────────────────────────────┘
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             Space talk  i interrupt  m mute  t type  e export  ? help  q quit  [ ] volume
            """#)
    }

    /// A terminal below 60×20.
    @Test func tooSmallTerminal() {
        expectScreen(
            ScreenStates.tooSmall(),
            #"""






                        Terminal too small: 50×15.
                      Enlarge it to at least 60×20.
                        The call goes on; q quits.






            """#)
    }

    /// The same conversation at 60×20, one pane at a time.
    @Test func narrowConversation() {
        expectScreen(
            ScreenStates.narrowConversation(),
            #"""
             │ gpt-realtime-2.1 GA      ● connected  00:42 │ 59:18 left
             Local simulator: no API key was found, so replies are synt…
              Transcript   Settings   Events   Tab switches
            ┌ Transcript ──────────────────────────────────────────────┐
            │ 00:03 You  What's the weather in 東京 today? ☀️🙂         │
            │ 00:05 AI   It is sunny in Tokyo with a light breeze ✂    │
            │            interrupted after 2.3 s                       │
            │ 00:09 Tool get_weather({"city":"Osaka"})                 │
            │ 00:11 AI   In Osaka it is…                               │
            │                                                          │
            │                                                          │
            │                                                          │
            │                                                          │
            └──────────────────────────────────────────────────────────┘
             Mic ████▉·│· -23.5 dBFS   Out ········ silent
             VAD idle (assistant answerin Timeline ···················✂
             • you cut the assistant off after 2.3 s … │ n: read it all
             mic on │ PTT off │ no turn yet │ 0 turns, 0 tokens
             Transcript: Tab next pane ↑↓ scroll PgUp PgDn page
             Space talk i interrupt m mute t type e export ? help q quit
            """#)
    }

    @Test func liveCallSettingsAndStatus() {
        expectScreen(
            ScreenStates.liveCall(),
            #"""
             rtconsole  127.0.0.1:40123 │ gpt-live-1.1 GPT-Live                 ● connected  00:42 │ 29:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │ 00:03 You  What's the weather in Paris?                  ││▸Voice           vesper               │
            │ 00:05 Tool delegation → responses(What's the weather in  ││ Instructions    You are a helpful, … │
            │            Paris?)                                       ││ Add to instr.   Enter to add         │
            │ 00:06 Tool get_weather({"city":"Paris"})                 ││ Delegation      responses (gpt-5.6-… │
            │ 00:07 Tool result: {"temperature":21}                    ││ Backend model   gpt-5.6-luna         │
            │ 00:09 AI   It is twenty-one degrees in Paris.            ││ Backend effort  low                  │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││Voice: the voice is fixed at          │
            │                                                          ││session.start under GPT-Live; set it… │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Mic ····························   — dBFS   Out ···························· silent
             Turn listening (the model takes turns by itself) Timeline ········································

             mic on │ full duplex │ no turn yet │ 0 turns, 40 s billed (context 3 %), backend 360 tokens $0.0341
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             m mute  e export  ? help  q quit  [ ] volume
            """#)
    }

    @Test func liveBackendReasoningIsSentAsADelegationUpdate() {
        expectScreen(
            ScreenStates.liveBackendReasoning(),
            #"""
             rtconsole  127.0.0.1:40123 │ gpt-live-1.1 GPT-Live                 ● connected  00:42 │ 29:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │ 00:03 You  What's the weather in Paris?                  ││ Voice           vesper               │
            │ 00:05 Tool delegation → responses(What's the weather in  ││ Instructions    You are a helpful, … │
            │            Paris?)                                       ││ Add to instr.   Enter to add         │
            │ 00:06 Tool get_weather({"city":"Paris"})                 ││ Delegation      responses (gpt-5.6-… │
            │ 00:07 Tool result: {"temperature":21}                    ││ Backend model   gpt-5.6-luna         │
            │ 00:09 AI   It is twenty-one degrees in Paris.            ││▸Backend effort  low                  │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││Backend effort: sent; waiting for the │
            │                                                          ││server to confirm                     │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Mic ····························   — dBFS   Out ···························· silent
             Turn listening (the model takes turns by itself) Timeline ········································

             mic on │ full duplex │ no turn yet │ 0 turns, 40 s billed (context 3 %), backend 360 tokens $0.0341
             Settings: Tab next pane  ↑↓ select  ←→ -+ change  Enter edit text
             m mute  e export  ? help  q quit  [ ] volume
            """#)
    }

    @Test func liveKeysWithoutMeaningSayWhy() {
        expectScreen(
            ScreenStates.livePushToTalk(),
            #"""
             rtconsole  127.0.0.1:40123 │ gpt-live-1.1 GPT-Live                 ● connected  00:42 │ 29:18 left
             Local simulator: no API key was found, so replies are synthetic. Set OPENAI_API_KEY, or pass --end…
            ┌ Transcript ──────────────────────────────────────────────┐┌ Settings ────────────────────────────┐
            │ 00:03 You  What's the weather in Paris?                  ││▸Voice           vesper               │
            │ 00:05 Tool delegation → responses(What's the weather in  ││ Instructions    You are a helpful, … │
            │            Paris?)                                       ││ Add to instr.   Enter to add         │
            │ 00:06 Tool get_weather({"city":"Paris"})                 ││ Delegation      responses (gpt-5.6-… │
            │ 00:07 Tool result: {"temperature":21}                    ││ Backend model   gpt-5.6-luna         │
            │ 00:09 AI   It is twenty-one degrees in Paris.            ││ Backend effort  low                  │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││Voice: the voice is fixed at          │
            │                                                          ││session.start under GPT-Live; set it… │
            │                                                          │└──────────────────────────────────────┘
            │                                                          │┌ Events 0 seen ───────────────────────┐
            │                                                          ││no events yet                         │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            │                                                          ││                                      │
            └──────────────────────────────────────────────────────────┘└──────────────────────────────────────┘
             Mic ····························   — dBFS   Out ···························· silent
             Turn listening (the model takes turns by itself) Timeline ········································
             • GPT-Live has no push-to-talk: the microphone always streams and the model decides turns; m mutes
             mic on │ full duplex │ no turn yet │ 0 turns, 40 s billed (context 3 %), backend 360 tokens $0.0341
             Transcript: Tab next pane  ↑↓ scroll  PgUp PgDn page  Home End oldest/newest
             m mute  e export  ? help  q quit  [ ] volume
            """#)
    }
}
