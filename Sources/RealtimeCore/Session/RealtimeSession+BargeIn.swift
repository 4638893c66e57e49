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
        options.recorder?.interrupted()
        let outcome = tracker.settleCut(
            cut, heard: heard, audioReplies: configuration.desired.outputModality == .audio,
            hasPlayer: options.playback != nil)
        for event in outcome.events { send(event) }
        publishConversation()
        updateSink.yield(.bargeIn(itemID: outcome.itemID, heardMilliseconds: outcome.heardMilliseconds))
    }
}
