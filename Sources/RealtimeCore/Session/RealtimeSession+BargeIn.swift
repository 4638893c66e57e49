extension RealtimeSession {
    /// Cuts the assistant off: playback stops, the reply is cancelled unless the server does that itself,
    /// and each cut item is truncated at what was heard (deleted when nothing was).
    ///
    /// The player's figures come back asynchronously (a device flush takes a frame or so): the session
    /// never blocks its thread for them. The reply stops taking deltas the moment the cut begins.
    func bargeIn(serverCancels: Bool) async {
        guard let cut = tracker.beginCut(audible: isAssistantAudible) else { return }
        if let responseID = cut.responseID, !serverCancels { send(.responseCancel(responseID: responseID)) }
        let heard = await options.playback?.interrupt() ?? []
        settle(cut, heard: heard)
    }

    /// The sound server went away while the assistant spoke: what had been heard is all that will be, so
    /// the reply is cut there as if the person had interrupted it (cancelled if still coming, truncated at
    /// the heard milliseconds), once and for all. GPT-Live's continuous track has no items to truncate.
    func audioLost(_ heard: [PlaybackProgress]) {
        guard api == .realtime, !heard.isEmpty, let cut = tracker.beginCut(audible: true) else { return }
        if let responseID = cut.responseID { send(.responseCancel(responseID: responseID)) }
        settle(cut, heard: heard)
        let milliseconds = heard.last?.heardMilliseconds ?? 0
        updateSink.yield(
            .notice(
                Notice(
                    .warning,
                    "the sound server went away \(Self.seconds(milliseconds)) into the reply: it is cut there, as if you had interrupted it")))
    }

    private func settle(_ cut: ConversationTracker.PendingCut, heard: [PlaybackProgress]) {
        options.recorder?.interrupted()
        let outcome = tracker.settleCut(
            cut, heard: heard, audioReplies: configuration.desired.outputModality == .audio,
            hasPlayer: options.playback != nil)
        for event in outcome.events { send(event) }
        publishConversation()
        updateSink.yield(.bargeIn(itemID: outcome.itemID, heardMilliseconds: outcome.heardMilliseconds))
    }

    private static func seconds(_ milliseconds: Int) -> String {
        "\(milliseconds / 1000).\(milliseconds % 1000 / 100) s"
    }
}
