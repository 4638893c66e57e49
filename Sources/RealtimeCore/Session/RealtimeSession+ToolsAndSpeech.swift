extension RealtimeSession {
    /// Runs a tool the model called, off the session's executor; its output is sent once the response is done.
    func runTool(name: String, callID: String, arguments: String) {
        guard let tools = options.tools, toolCallsInFlight.insert(callID).inserted else { return }
        Task { [weak self] in
            let output = await tools.run(name: name, arguments: arguments)
            await self?.toolFinished(callID: callID, output: output)
        }
    }

    private func toolFinished(callID: String, output: String) {
        // Kept while the connection is away: the output is sent once the call is back (resendUnanswered).
        guard toolCallsInFlight.remove(callID) != nil else { return }
        toolOutputs.append(.functionOutput(callID: callID, output: output))
        flushToolOutputs()
    }

    /// Sends the tools' results and asks the model to go on, once the response that called them is done.
    func flushToolOutputs() {
        guard connection != nil, sessionID != nil, tracker.activeResponseID == nil, toolCallsInFlight.isEmpty, !toolOutputs.isEmpty else {
            return
        }
        for item in toolOutputs { send(.itemCreate(item: item, previousItemID: nil)) }
        toolOutputs.removeAll()
        sendResponseCreate()
    }

    /// Speaks a text reply with the separate synthesiser, through the same playback and barge-in path as model audio.
    func speak(_ text: String, itemID: String) {
        guard let speech = options.speech, let playback = options.playback, !text.isEmpty, tracker.beginSpeaking(itemID) else { return }
        speechInFlight += 1
        Task { [weak self] in
            do {
                for try await chunk in speech.speak(text) {
                    guard let self, await self.enqueueSpoken(chunk, itemID: itemID, playback: playback) else { break }
                }
            } catch {
                await self?.reportSpeechFailure(error)
            }
            await self?.speechFinished()
        }
    }

    private func speechFinished() { speechInFlight -= 1 }

    /// True while the separate synthesiser is still producing a reply's audio.
    public var isSynthesizingSpeech: Bool { speechInFlight > 0 }

    private func enqueueSpoken(_ samples: [Int16], itemID: String, playback: any AudioPlayback) -> Bool {
        guard let key = tracker.spokenAudioReceived(sampleCount: samples.count, itemID: itemID) else { return false }
        publishConversation()
        let wait = playback.enqueue(samples, for: key)
        options.recorder?.assistant(samples, audibleIn: wait)
        return true
    }

    private func reportSpeechFailure(_ error: any Error) {
        updateSink.yield(.notice(Notice(.warning, "the separate speech synthesiser failed: \(error)")))
    }
}
