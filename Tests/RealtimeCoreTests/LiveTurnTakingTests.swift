import Testing

@testable import RealtimeCore

/// Turns on GPT-Live come from the transcripts' timeline, and the input keeps pace with the clock.
struct LiveTurnTakingTests {
    @Test func aQuestionAndItsAnswerMakeTwoTurns() {
        var turns = LiveTurnTaking()
        #expect(turns.outputAdvanced(by: 100).isEmpty)
        #expect(
            turns.inputTranscript("Please", span: LiveSpan(startMs: 600, endMs: 800)) == [
                .userTurnBegan(entryID: "live_user_1"), .userText(entryID: "live_user_1", text: "Please"),
            ])
        #expect(turns.inputTranscript(" check.", span: LiveSpan(startMs: 800, endMs: 1000)) == [.userText(entryID: "live_user_1", text: " check.")])
        #expect(turns.userSpeaking)
        let reply = turns.outputTranscript("Okay,", span: LiveSpan(startMs: 1300, endMs: 1500))
        #expect(
            reply == [
                .userTurnEnded(entryID: "live_user_1"), .replyBegan(entryID: "live_reply_2", responseID: "live_response_2", silenceMs: 300),
                .replyText(entryID: "live_reply_2", responseID: "live_response_2", text: "Okay,"),
            ])
        #expect(turns.assistantSpeaking)
        #expect(turns.outputAdvanced(by: 900).isEmpty, "the clock is at the word's start (1300) + 900: within 800 ms of its end (1500)")
        #expect(turns.outputAdvanced(by: 200) == [.replyEnded(entryID: "live_reply_2", responseID: "live_response_2", interrupted: false)])
        #expect(!turns.assistantSpeaking)
    }

    @Test func talkingOverAReplyEndsItAsInterrupted() {
        var turns = LiveTurnTaking()
        _ = turns.outputTranscript("The forecast", span: LiveSpan(startMs: 12_000, endMs: 12_200))
        _ = turns.outputTranscript(" for", span: LiveSpan(startMs: 12_200, endMs: 12_400))
        let actions = turns.inputTranscript(" wait", span: LiveSpan(startMs: 12_300, endMs: 12_500))
        #expect(actions.first == .replyEnded(entryID: "live_reply_1", responseID: "live_response_1", interrupted: true))
        #expect(actions.contains(.userTurnBegan(entryID: "live_user_2")))
    }

    @Test func wordsTranscribedAfterAReplyEndedStillCutIt() {
        var turns = LiveTurnTaking()
        _ = turns.outputTranscript("A long answer", span: LiveSpan(startMs: 1000, endMs: 3000))
        _ = turns.outputAdvanced(by: 4000)
        let actions = turns.inputTranscript("stop", span: LiveSpan(startMs: 2500, endMs: 2700))
        #expect(actions.first == .replyWasCut(entryID: "live_reply_1"))
        let later = turns.inputTranscript(" now", span: LiveSpan(startMs: 2700, endMs: 2900))
        #expect(!later.contains { if case .replyWasCut = $0 { true } else { false } }, "one cut per reply")
    }

    @Test func aReplyWithoutAQuestionHasNoLatency() {
        var turns = LiveTurnTaking()
        let actions = turns.outputTranscript("Hello!", span: LiveSpan(startMs: 200, endMs: 400))
        #expect(actions.first == .replyBegan(entryID: "live_reply_1", responseID: "live_response_1", silenceMs: nil))
    }

    @Test func unansweredWordsEndTheUserTurnAfterAPause() {
        var turns = LiveTurnTaking()
        _ = turns.inputTranscript("Hmm", span: LiveSpan(startMs: 0, endMs: 200))
        #expect(turns.outputAdvanced(by: 1600).isEmpty)
        #expect(turns.outputAdvanced(by: 200) == [.userTurnEnded(entryID: "live_user_1")])
    }

    @Test func aNewSessionEndsOpenTurnsAndRestartsTheClock() {
        var turns = LiveTurnTaking()
        _ = turns.inputTranscript("Hi", span: LiveSpan(startMs: 0, endMs: 200))
        _ = turns.outputTranscript("Hey", span: LiveSpan(startMs: 400, endMs: 600))
        _ = turns.outputAdvanced(by: 500)
        #expect(turns.sessionEnded() == [.replyEnded(entryID: "live_reply_2", responseID: "live_response_2", interrupted: false)])
        #expect(turns.timelineMs == 0)
        let next = turns.inputTranscript("Again", span: LiveSpan(startMs: 0, endMs: 200))
        #expect(next.first == .userTurnBegan(entryID: "live_user_3"), "ids stay unique across sessions")
    }

    @Test func aTrackThatRunsAheadOfTheTimelineDoesNotSplitAReply() {
        var turns = LiveTurnTaking()
        _ = turns.outputAdvanced(by: 5_000)
        var replies = 0
        for (index, word) in ["I", " heard", " three", " seconds."].enumerated() {
            let start = 1_000 + index * 300
            let actions = turns.outputTranscript(word, span: LiveSpan(startMs: start, endMs: start + 200))
            replies += actions.filter { if case .replyBegan = $0 { true } else { false } }.count
            _ = turns.outputAdvanced(by: 300)
        }
        #expect(replies == 1, "the transcript's own timestamps set the clock, not the audio counted since the start")
    }

    @Test func thePacerOwesSilenceUpToTheClockInShortChunks() {
        var pacer = LiveInputPacer()
        #expect(pacer.silenceOwed(after: .zero).isEmpty)
        #expect(pacer.silenceOwed(after: .milliseconds(250)) == [2400, 2400, 1200])
        pacer.sent(4800)
        #expect(pacer.silenceOwed(after: .milliseconds(250)) == [1200])
        pacer.sent(24_000)
        #expect(pacer.silenceOwed(after: .seconds(1)).isEmpty, "input ahead of the clock owes nothing")
    }
}
