import Foundation
import RealtimeCore

/// Input audio: appends, the server VAD, commits, clears, the idle timeout and input transcription.
extension SimulatedSession {
    /// Audio kept before speech while nobody speaks, beyond the prefix padding.
    private static let idleRetentionMs = 2000

    func append(base64: String) throws(Rejection) {
        guard let data = Data(base64Encoded: base64) else {
            throw Rejection(ServiceErrors.invalidAudio("expected base64-encoded audio, but the value is not valid base64"))
        }
        if buffer.bytesPerSample == 2, data.count % 2 != 0 {
            throw Rejection(ServiceErrors.invalidAudio("pcm16 audio needs whole 16-bit samples, but \(data.count) bytes were sent"))
        }
        let samples = detector == nil ? [] : buffer.samples(of: data)
        buffer.append(data)
        guard var detector else { return }
        let events = detector.process(samples)
        self.detector = detector
        for event in events {
            switch event {
            case .speechStarted(let startMs): speechStarted(atMs: startMs)
            case .speechStopped(let endMs): speechStopped(atMs: endMs)
            }
            if ended { return }
        }
        if detector.isQuiet {
            if let deadline = idleDeadlineMs, buffer.timelineMs >= deadline {
                idleTimeout()
            } else if speechItemID == nil {
                buffer.keepLast(milliseconds: detector.parameters.prefixPaddingMs + Self.idleRetentionMs)
            }
        }
    }

    private func speechStarted(atMs startMs: Int) {
        let itemID = ids.next("item")
        speechItemID = itemID
        speechStartMs = startMs
        idleDeadlineMs = nil
        send(.speechStarted(SpeechEvent(itemID: itemID, audioMs: startMs)))
        if settings.turnDetection?.interruptsResponse == true, let active = defaultResponseID {
            finishResponse(active, status: .cancelled, reason: "turn_detected")
        }
    }

    private func speechStopped(atMs endMs: Int) {
        let itemID = speechItemID ?? ids.next("item")
        speechItemID = nil
        send(.speechStopped(SpeechEvent(itemID: itemID, audioMs: endMs)))
        let audio = buffer.take(fromMs: speechStartMs ?? buffer.startMs, toMs: endMs)
        speechStartMs = nil
        commit(audio, itemID: itemID)
        guard settings.turnDetection?.createsResponse == true else { return }
        if defaultResponseID == nil {
            startResponse(ResponseOptions(settings: settings))
        } else {
            autoResponsePending = true
        }
    }

    func commitManually() throws(Rejection) {
        guard buffer.bufferedMs >= 100 else { throw Rejection(ServiceErrors.commitEmpty(bufferedMs: buffer.bufferedMs)) }
        let itemID = speechItemID ?? ids.next("item")
        speechItemID = nil
        speechStartMs = nil
        idleDeadlineMs = nil
        detector?.reset(atTimelineMs: buffer.timelineMs)
        commit(buffer.takeAll(), itemID: itemID)
    }

    func clearInput() {
        _ = buffer.takeAll()
        speechItemID = nil
        speechStartMs = nil
        detector?.reset(atTimelineMs: buffer.timelineMs)
        send(.bufferCleared)
    }

    /// No speech for `idle_timeout_ms` after the last reply finished playing: commit the silence and answer.
    private func idleTimeout() {
        idleDeadlineMs = nil
        let itemID = ids.next("item")
        send(.timeoutTriggered(TimeoutTriggeredEvent(itemID: itemID, audioStartMs: buffer.startMs, audioEndMs: buffer.timelineMs)))
        commit(buffer.takeAll(), itemID: itemID, idle: true)
        guard defaultResponseID == nil else { return }
        startResponse(ResponseOptions(settings: settings), idle: true)
    }

    /// Turns audio into a user item: `committed`, then the item events, then (when configured) transcription.
    private func commit(_ audio: Data, itemID: String, idle: Bool = false) {
        let previousID = conversation.lastID
        let durationMs = audio.count / max(1, SpeechClip.bytesPerMillisecond(buffer.format))
        let item = ConversationItem(id: itemID, role: .user, status: .completed, content: [ContentPart(kind: .inputAudio)])
        conversation.append(StoredItem(item: item, audio: audio, audioFormat: buffer.format))
        send(.bufferCommitted(BufferCommittedEvent(itemID: itemID, previousItemID: previousID)))
        announceAddedItem(item, previousID: previousID)
        guard let transcription = settings.transcription else { return }
        let transcript =
            idle ? "" : environment.scenario?.turn(at: turnIndex)?.userTranscript ?? ReplyScript.placeholderTranscript(milliseconds: durationMs)
        transcribe(itemID: itemID, transcript: transcript, durationMs: durationMs, model: transcription.model)
    }

    /// Sends a new user item the way the dialect does: GA `added` + `done`, beta `created`.
    func announceAddedItem(_ item: ConversationItem, previousID: String?) {
        switch dialect {
        case .ga:
            send(.itemAdded(ItemEvent(item: item, previousItemID: Nullable(previousID))))
            send(.itemDone(ItemEvent(item: item, previousItemID: Nullable(previousID))))
        case .beta:
            send(.itemCreated(ItemEvent(item: item, previousItemID: Nullable(previousID))))
        }
    }

    /// Streams the transcription of a user item asynchronously, as the service's separate ASR pass does:
    /// word deltas (one delta for whisper-1), then `completed` with usage.
    private func transcribe(itemID: String, transcript: String, durationMs: Int, model: String) {
        let words = SpokenWord.split(transcript)
        let pieces = model == "whisper-1" || words.isEmpty ? [transcript] : words.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
        let usage: JSONValue
        if model == "whisper-1" {
            usage = ["type": "duration", "seconds": .number(Double(durationMs) / 1000)]
        } else {
            let audioTokens = max(1, durationMs / 100)
            let outputTokens = max(1, (transcript.count + 3) / 4)
            usage = [
                "type": "tokens", "input_tokens": .int(audioTokens), "output_tokens": .int(outputTokens),
                "total_tokens": .int(audioTokens + outputTokens), "input_token_details": ["text_tokens": 0, "audio_tokens": .int(audioTokens)],
            ]
        }
        let pace = environment.pace
        let withLogprobs = settings.passthrough["include"]?.arrayValue?.contains(.string(SessionConfig.logprobsInclude)) ?? false
        spawn { session in
            try? await Task.sleep(for: .milliseconds(Int(300 / pace)))
            for piece in pieces {
                guard !Task.isCancelled else { return }
                var delta = TranscriptionDeltaEvent(itemID: itemID, contentIndex: 0, delta: piece)
                if withLogprobs { delta.logprobs = Self.logprobs(piece) }
                await session.send(.transcriptionDelta(delta))
                try? await Task.sleep(for: .milliseconds(Int(60 / pace)))
            }
            guard !Task.isCancelled else { return }
            await session.completeTranscription(
                itemID: itemID, transcript: transcript, usage: usage, logprobs: withLogprobs ? Self.logprobs(transcript) : nil)
        }
    }

    /// Log-probabilities of a transcript's words, as `include: ["item.input_audio_transcription.logprobs"]`
    /// asks for: one token per word, more certain for short words (deterministic; the simulator recognises nothing).
    static func logprobs(_ text: String) -> JSONValue {
        .array(
            SpokenWord.split(text).map { word in
                let logprob = -0.01 * Double(word.count % 9)
                return ["token": .string(word), "logprob": .number(logprob), "bytes": .array(Array(word.utf8).map { .int(Int($0)) })]
            })
    }

    private func completeTranscription(itemID: String, transcript: String, usage: JSONValue, logprobs: JSONValue?) {
        conversation.update(itemID) { stored in
            if var content = stored.item.content, !content.isEmpty {
                content[0].transcript = transcript
                stored.item.content = content
            }
        }
        var completed = TranscriptionCompletedEvent(itemID: itemID, contentIndex: 0, transcript: transcript, usage: usage)
        completed.logprobs = logprobs
        send(.transcriptionCompleted(completed))
    }

    /// After a reply, arms the idle timeout: it fires once the reply has finished playing (estimated from the
    /// audio length and the time since its first delta) and `idle_timeout_ms` more audio has arrived without speech.
    func armIdleTimeout(after response: ActiveResponse) {
        guard case .serverVAD(let vad)? = settings.turnDetection, let idle = vad.idleTimeoutMs else { return }
        var remainingPlaybackMs = 0
        if let clip = response.clip, let first = response.firstAudioAt {
            let elapsed = ContinuousClock.now - first
            let elapsedMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            remainingPlaybackMs = max(0, clip.durationMs - elapsedMs)
        }
        idleDeadlineMs = buffer.timelineMs + remainingPlaybackMs + idle
    }
}
