import Foundation
import RealtimeCore
import Testing

/// The session core's value types, driven without a socket: each takes events and returns what to do.
@Suite struct ConnectionLifecycleTests {
    private static let lost = TransportClose(code: 1006, reason: nil, error: nil)

    @Test func aLostConnectionIsRetriedWithThePolicysDelaysThenGivenUp() {
        var lifecycle = ConnectionLifecycle(policy: ReconnectPolicy(delays: [.zero, .seconds(1)]))
        lifecycle.connectRequested()
        _ = lifecycle.opened()
        let start = lifecycle.sessionCreated(id: "sess_1")
        #expect(start == .first)
        guard case .reconnect = lifecycle.connectionLost(Self.lost) else {
            Issue.record("a lost connection is retried")
            return
        }
        #expect(lifecycle.state == .reconnecting(attempt: 1), "no longer connected once the loss is known, before the retry loop starts")
        let began = lifecycle.beginRetrying()
        let again = lifecycle.beginRetrying()
        #expect(began && !again, "one retry loop at a time")
        var retry = lifecycle.nextRetry(lastError: "")
        #expect(retry == .attempt(1, after: .zero))
        #expect(lifecycle.state == .reconnecting(attempt: 1))
        lifecycle.retryFailed(fatal: false)
        retry = lifecycle.nextRetry(lastError: "refused")
        #expect(retry == .attempt(2, after: .seconds(1)))
        lifecycle.retryFailed(fatal: false)
        retry = lifecycle.nextRetry(lastError: "refused")
        #expect(retry == .giveUp(reason: "could not reconnect after 2 attempts: refused"))
        #expect(lifecycle.state == .closed(reason: "could not reconnect after 2 attempts: refused"))
        #expect(!lifecycle.isRetrying)
    }

    @Test func afterGivingUpAReconnectCanBeAskedFor() {
        var lifecycle = ConnectionLifecycle(policy: .never)
        let beforeClosing = lifecycle.reconnectRequested()
        #expect(!beforeClosing, "nothing to reconnect before the call closed")
        lifecycle.connectRequested()
        _ = lifecycle.opened()
        _ = lifecycle.sessionCreated(id: "sess_1")
        guard case .close = lifecycle.connectionLost(Self.lost) else {
            Issue.record("a policy without retries closes")
            return
        }
        let accepted = lifecycle.reconnectRequested()
        #expect(accepted)
        let began = lifecycle.beginRetrying()
        #expect(began)
        let retry = lifecycle.nextRetry(lastError: "")
        #expect(retry == .attempt(1, after: .zero), "one attempt at once, whatever the policy")
        lifecycle.retrySucceeded()
        _ = lifecycle.opened()
        let start = lifecycle.sessionCreated(id: "sess_2")
        #expect(start == .replay, "the conversation carries over")
        let whileConnected = lifecycle.reconnectRequested()
        #expect(!whileConnected, "connected again")
        lifecycle.closedByUser()
        _ = lifecycle.connectionLost(Self.lost)
        let afterQuitting = lifecycle.reconnectRequested()
        #expect(!afterQuitting, "not after the person closed the call")
    }

    @Test func aSuccessfulRetryReplaysTheConversationAndResetsTheAttempts() {
        var lifecycle = ConnectionLifecycle(policy: ReconnectPolicy())
        lifecycle.connectRequested()
        let first = lifecycle.opened()
        _ = lifecycle.sessionCreated(id: "sess_1")
        _ = lifecycle.connectionLost(Self.lost)
        _ = lifecycle.beginRetrying()
        _ = lifecycle.nextRetry(lastError: "")
        let second = lifecycle.opened()
        lifecycle.retrySucceeded()
        #expect(!lifecycle.isCurrent(first) && lifecycle.isCurrent(second), "events of the old socket are ignored")
        let start = lifecycle.sessionCreated(id: "sess_2")
        #expect(start == .replay)
        #expect(lifecycle.attempts == 0)
        #expect(lifecycle.state == .connected(sessionID: "sess_2"))
    }

    @Test func aFatalErrorOrAFailedFirstConnectionIsNotRetried() {
        var lifecycle = ConnectionLifecycle(policy: ReconnectPolicy())
        lifecycle.connectRequested()
        _ = lifecycle.opened()
        let loss = lifecycle.connectionLost(Self.lost)
        #expect(
            loss == .close(SessionError(.transport, "connection lost: closed with code 1006")),
            "before the first session.created, the caller's connect() fails instead")
        var refused = ConnectionLifecycle(policy: ReconnectPolicy())
        refused.connectRequested()
        _ = refused.opened()
        _ = refused.sessionCreated(id: "sess_1")
        let key = ErrorDetail(code: "invalid_api_key", message: "Incorrect API key provided")
        #expect(ConnectionLifecycle.isFatal(key))
        refused.serverFailed(key)
        let refusal = refused.connectionLost(TransportClose(code: 1000, reason: nil, error: nil))
        #expect(refusal == .close(SessionError(.fatal, "Incorrect API key provided (invalid_api_key)")))
    }

    @Test func anExpiredSessionStartsANewOne() {
        var lifecycle = ConnectionLifecycle(policy: ReconnectPolicy())
        lifecycle.connectRequested()
        _ = lifecycle.opened()
        _ = lifecycle.sessionCreated(id: "sess_1")
        lifecycle.serverFailed(ErrorDetail(code: "session_expired", message: "expired"))
        guard case .reconnect(let notice) = lifecycle.connectionLost(TransportClose(code: 1000, reason: nil, error: nil)) else {
            Issue.record("an expired session is replaced")
            return
        }
        #expect(notice.text.contains("time limit"))
        #expect(lifecycle.fatalError == nil)
    }

    @Test func rolloverWaitsForQuietAndIgnoresAStaleSchedule() {
        var lifecycle = ConnectionLifecycle(policy: ReconnectPolicy(sessionLimit: .seconds(3600)))
        lifecycle.connectRequested()
        let generation = lifecycle.opened()
        _ = lifecycle.sessionCreated(id: "sess_1")
        let busy = lifecycle.rolloverDue(generation: generation, quiet: false)
        #expect(busy == .wait)
        guard case .rollOver(let notice) = lifecycle.rolloverDue(generation: generation, quiet: true) else {
            Issue.record("a quiet session rolls over")
            return
        }
        #expect(notice.text.contains("60-minute limit"))
        let stale = lifecycle.rolloverDue(generation: generation, quiet: true)
        #expect(stale == .stop, "the old connection's schedule is stale")
        lifecycle.closedByUser()
        let afterClose = lifecycle.nextRetry(lastError: "")
        #expect(afterClose == .stop)
    }
}

@Suite struct ConfigurationLedgerTests {
    @Test func anEditSendsOnlyWhatChangedAndWaitsForTheServer() {
        var ledger = ConfigurationLedger(config: SessionConfig(), dialect: .ga)
        var next = ledger.desired
        next.speed = 1.2
        next.temperature = 1.0
        let edit = ledger.edit(next)
        #expect(edit.session?.speed == 1.2)
        #expect(edit.session?.voice == nil)
        #expect(edit.skipped.map(\.field) == ["temperature"])
        ledger.sent(eventID: "rtc_7")
        #expect(ledger.isAwaitingServer)
        var echoed = SessionObject()
        echoed.speed = 1.2
        let confirmation = ledger.serverConfirmed(echoed)
        #expect(confirmation.eventID == "rtc_7")
        #expect(confirmation.change == "speed 1.0 → 1.2")
        #expect(!ledger.isAwaitingServer)
        #expect(ledger.confirmed.speed == 1.2)
    }

    @Test func aRejectedEditFallsBackToWhatIsConfirmed() {
        var ledger = ConfigurationLedger(config: SessionConfig(), dialect: .beta)
        var next = ledger.desired
        next.voice = "verse"
        _ = ledger.edit(next)
        ledger.sent(eventID: "rtc_3")
        #expect(ledger.desired.voice == "verse")
        let other = ledger.serverRejected(eventID: "rtc_99")
        let ours = ledger.serverRejected(eventID: "rtc_3")
        #expect(!other, "an error about another event is not this ledger's")
        #expect(ours)
        #expect(ledger.desired.voice == ledger.confirmed.voice)
    }

    @Test func theVoiceLocksOnceTheAssistantSpeaks() {
        var ledger = ConfigurationLedger(config: SessionConfig(), dialect: .ga)
        #expect(ledger.lockReason(.voice) == nil)
        #expect(ledger.lockReason(.model) != nil)
        let locked = ledger.assistantSpoke()
        let lockedAgain = ledger.assistantSpoke()
        #expect(locked && !lockedAgain, "it locks once")
        var next = ledger.desired
        next.voice = "cedar"
        let edit = ledger.edit(next)
        #expect(edit.session == nil)
        #expect(edit.skipped.first?.reason == ConfigurationLedger.voiceLockedReason)
        #expect(ledger.desired.voice == "marin")
    }

    @Test func theInitialUpdateIsNotAChangeOfTheCall() {
        var ledger = ConfigurationLedger(config: SessionConfig(), dialect: .ga)
        var created = SessionObject()
        created.voice = "alloy"
        let initial = ledger.sessionCreated(created)
        #expect(initial.model == nil, "the URL fixes the model")
        #expect(initial.voice == "marin")
        ledger.sentInitialUpdate(eventID: "rtc_1")
        var echoed = SessionObject()
        echoed.voice = "marin"
        let confirmation = ledger.serverConfirmed(echoed)
        #expect(confirmation.eventID == "rtc_1" && confirmation.change == nil)
    }
}

@Suite struct ConversationTrackerTests {
    private static func reply(_ id: String) -> ConversationItem {
        ConversationItem(id: id, type: .message, role: .assistant, status: .inProgress, content: [])
    }

    /// A tracker with one reply of `response` that received `milliseconds` of audio.
    private static func replying(_ response: String = "resp_1", item: String = "item_a", milliseconds: Int) -> ConversationTracker {
        var tracker = ConversationTracker()
        tracker.responseStarted(response)
        tracker.outputItemAdded(reply(item), responseID: response, transcribing: true)
        let location = ContentLocation(responseID: response, itemID: item)
        tracker.replyTextDelta(location, "one two three four five six seven eight nine ten")
        _ = tracker.audioReceived(sampleCount: PCM.samples(forMilliseconds: milliseconds), at: location)
        _ = tracker.takeUpdates()
        return tracker
    }

    @Test func aCutTruncatesAtWhatWasHeardAndIgnoresLateDeltas() throws {
        var tracker = Self.replying(milliseconds: 1000)
        let begun = tracker.beginCut(audible: true)
        let twice = tracker.beginCut(audible: true)
        let cut = try #require(begun)
        #expect(twice == nil, "a reply is cut once")
        let late = ContentLocation(responseID: "resp_1", itemID: "item_a")
        let lateAudio = tracker.audioReceived(sampleCount: 480, at: late)
        #expect(lateAudio == nil, "audio after the cut began must not play")
        let heard = PlaybackProgress(item: PlaybackItem(itemID: "item_a"), receivedMilliseconds: 1000, heardMilliseconds: 400, firstAudibleAt: nil)
        let outcome = tracker.settleCut(cut, heard: [heard], audioReplies: true, hasPlayer: true)
        #expect(outcome.events == [.itemTruncate(itemID: "item_a", contentIndex: 0, audioEndMs: 400)])
        #expect(outcome.itemID == "item_a" && outcome.heardMilliseconds == 400)
        let entry = try #require(tracker.conversation["item_a"])
        #expect(entry.interrupted && entry.heardMilliseconds == 400)
        #expect(entry.heardText == "one two three four")
        tracker.replyTextDelta(late, " eleven")
        #expect(tracker.conversation["item_a"]?.text.hasSuffix("ten") == true)
    }

    @Test func anUnheardReplyIsDeletedAndAHeardOneIsKept() throws {
        var tracker = Self.replying(milliseconds: 500)
        let begun = tracker.beginCut(audible: true)
        let cut = try #require(begun)
        let none = PlaybackProgress(item: PlaybackItem(itemID: "item_a"), receivedMilliseconds: 500, heardMilliseconds: 0, firstAudibleAt: nil)
        let outcome = tracker.settleCut(cut, heard: [none], audioReplies: true, hasPlayer: true)
        #expect(outcome.events == [.itemDelete(itemID: "item_a")])
        tracker.itemDeleted("item_a")
        #expect(tracker.conversation["item_a"]?.interrupted == true, "a cut reply stays in the record, marked")
    }

    @Test func withoutAPlayerWhatWasShownCountsAsHeard() throws {
        var tracker = Self.replying(milliseconds: 0)
        let begun = tracker.beginCut(audible: false)
        let cut = try #require(begun)
        let outcome = tracker.settleCut(cut, heard: [], audioReplies: true, hasPlayer: false)
        #expect(outcome.events.isEmpty, "nothing was played, so nothing is truncated or deleted")
        let entry = try #require(tracker.conversation["item_a"])
        #expect(entry.interrupted)
        #expect(entry.heardText == entry.text)
    }

    @Test func aRepliesLatencyIsItsFirstItemsAudioNotItsLast() {
        var tracker = Self.replying(milliseconds: 300)
        tracker.outputItemAdded(Self.reply("item_b"), responseID: "resp_1", transcribing: true)
        _ = tracker.audioReceived(sampleCount: 4_800, at: ContentLocation(responseID: "resp_1", itemID: "item_b", outputIndex: 1))
        #expect(tracker.firstAudioItem(of: "resp_1") == PlaybackItem(itemID: "item_a"))
        #expect(tracker.lastAudioItem == PlaybackItem(itemID: "item_b"))
        tracker.responseFinished("resp_1")
        #expect(tracker.firstAudioItem(of: "resp_1") == nil)
    }

    @Test func aLostConnectionEndsTheReplyAsSaid() {
        var tracker = Self.replying(milliseconds: 800)
        let hadReply = tracker.connectionLost()
        #expect(hadReply)
        let entry = tracker.conversation["item_a"]
        #expect(entry?.interrupted == true && entry?.isPartial == false)
        #expect(entry?.heardMilliseconds == 800)
        #expect(tracker.activeResponseID == nil)
        let updates = tracker.takeUpdates()
        #expect(!updates.isEmpty)
    }
}

@Suite struct TurnLedgerTests {
    @Test func aTurnIsTimedFromTheEndOfSpeechAndPriced() {
        var ledger = TurnLedger(prices: .defaults)
        let start = Date(timeIntervalSince1970: 1_000)
        ledger.speechStopped(at: start)
        ledger.responseStarted("resp_1", at: start + 0.1)
        ledger.audioArrived(for: "resp_1", at: start + 0.4)
        ledger.audioArrived(for: "resp_1", at: start + 0.9)
        var usage = Usage()
        usage.inputAudioTokens = 1_000_000
        usage.inputTokens = 1_000_000
        let response = ResponseObject(id: "resp_1", status: .completed, usage: usage)
        let metrics = ledger.responseFinished(response, model: "gpt-realtime", firstAudibleAt: nil, at: start + 2)
        #expect(metrics.latencyToFirstDelta == .milliseconds(400))
        #expect(metrics.cost == 32)
        #expect(ledger.totalCost == 32)
        #expect(ledger.speechStopCount == 1)
        #expect(ledger.completedTurns.count == 1)
    }

    @Test func anUnknownModelLeavesCostUnknown() {
        var ledger = TurnLedger(prices: .defaults)
        ledger.responseStarted("resp_1")
        var usage = Usage()
        usage.outputAudioTokens = 100
        _ = ledger.responseFinished(ResponseObject(id: "resp_1", status: .completed, usage: usage), model: "my-own-model", firstAudibleAt: nil)
        #expect(ledger.totalCost == nil)
        #expect(ledger.totalUsage.outputAudioTokens == 100)
    }

    @Test func aReplyInTextOnlyIsRecognised() {
        var ledger = TurnLedger(prices: .defaults)
        ledger.responseStarted("resp_1")
        ledger.textArrived(for: "resp_1")
        #expect(ledger.answeredInTextOnly("resp_1"))
        ledger.audioArrived(for: "resp_1")
        #expect(!ledger.answeredInTextOnly("resp_1"))
    }
}

@Suite struct EventJournalTests {
    @Test func gptLivesOutputTrackIsReportedInRunsBeforeTheNextEvent() {
        var journal = EventJournal(appendEventType: "session.input_audio.append")
        #expect(journal.trackDelta(audioBytes: 4800) == nil)
        #expect(journal.trackDelta(audioBytes: 4800) == nil)
        let records = journal.record(.server, type: "session.output_transcript.delta", json: ["type": "session.output_transcript.delta"])
        #expect(records.map(\.type) == ["session.output_audio.delta", "session.output_transcript.delta"])
        #expect(records.first?.count == 2)
        #expect(records.first?.audioBytes == 9600)
        #expect(records.first?.direction == .server)
        #expect(journal.takeTrackRun() == nil, "nothing held back any more")
    }

    @Test func appendsAreGatheredAndReportedBeforeTheNextEvent() {
        var journal = EventJournal()
        let first = journal.nextClientEventID()
        #expect(first == "rtc_1")
        let second = journal.nextClientEventID()
        let early = [journal.appended(eventID: first, audioBytes: 960), journal.appended(eventID: second, audioBytes: 960)]
        #expect(early == [nil, nil], "a run is held back until it is due")
        let records = journal.record(.server, type: "session.updated", json: ["type": "session.updated"])
        #expect(records.map(\.type) == ["input_audio_buffer.append", "session.updated"])
        #expect(records.first?.count == 2 && records.first?.audioBytes == 1920)
        #expect(records.map(\.id) == [1, 2])
        let leftover = journal.takeAppendRun()
        #expect(leftover == nil)
    }

    @Test func audioIsElidedFromTheRecord() {
        var journal = EventJournal()
        let json: JSONValue = ["type": "response.output_audio.delta", "delta": "AAAAAAAA"]
        let record = journal.record(.server, type: "response.output_audio.delta", json: json)[0]
        #expect(record.audioBytes == 6)
        #expect(record.summary["delta"]?.stringValue == "<6 bytes of audio>")
    }

    @Test func anItemsAudioIsElidedAndAnItemWithoutAudioIsKeptAsItCame() {
        let withAudio: JSONValue = [
            "type": "conversation.item.create",
            "item": [
                "type": "message", "role": "user",
                "content": [["type": "input_audio", "audio": "AAAAAAAAAAAA"], ["type": "input_text", "text": "hi"]],
            ],
        ]
        let (elided, bytes) = EventRecord.elideAudio(withAudio)
        #expect(bytes == 9)
        #expect(elided["item"]?["content"]?.arrayValue?.first?["audio"] == "<9 bytes of audio>")
        #expect(elided["item"]?["content"]?.arrayValue?.last == ["type": "input_text", "text": "hi"])
        let textOnly: JSONValue = [
            "type": "conversation.item.done",
            "item": ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": "Hello"]]],
        ]
        let (kept, none) = EventRecord.elideAudio(textOnly)
        #expect(kept == textOnly && none == 0)
        let (emptied, zero) = EventRecord.elideAudio(["type": "input_audio_buffer.append", "audio": ""])
        #expect(emptied["audio"] == "<0 bytes of audio>" && zero == 0, "an empty payload is still marked as audio")
    }
}
