import Foundation
import RealtimeCore

/// The timeline: input audio, the user's turns found by the VAD, barge-in, mute, fixtures, and the output
/// frames that every 100 ms of input releases.
extension SimulatedLiveSession {
    /// How long after a turn (or a placed commentary) the assistant starts to speak, in ms of timeline; also
    /// how long after the user starts talking over it the assistant falls silent.
    static let reactionMs = 300

    /// `session.input_audio.append`: moves the timeline by the audio's duration (muted input counts as silence),
    /// handles the turns it ends, places pending appends, and sends the output frames it completes. Not acknowledged.
    ///
    /// Speech due in those frames whose audio is still being synthesised is waited for, so a reply starts where
    /// the timeline says however fast the client sends and however slow synthesis is ([choice]: the service's
    /// model speaks in real time; the simulator holds the timeline instead of starting late).
    func appendAudio(_ event: JSONObject) async throws(LiveError) {
        guard let value = event["audio"] else { throw .missingParameter("audio") }
        guard case .string(let base64) = value else { throw .invalidType("audio", expected: "a string", got: value) }
        guard let data = Data(base64Encoded: base64), !data.isEmpty else {
            throw .invalidAudio("Audio must be non-empty base64-encoded data.")
        }
        if input.bytesPerSample == 2, data.count % 2 != 0 { throw .invalidAudio("PCM16 audio must contain an even number of bytes") }
        for boundary in input.take(data, silenced: muted || output.hasFixture) {
            switch boundary {
            case .speechStarted(let startMs): userStartedSpeaking(atMs: startMs)
            case .speechStopped(let endMs): userStoppedSpeaking(atMs: endMs)
            }
        }
        placePendingAppends()
        while let key = output.speechAwaitingAudio(dueBeforeMs: input.timelineMs), let synthesis = clipTasks.removeValue(forKey: key) {
            output.provide(await synthesis.value, for: key)
        }
        sendDueFrames()
    }

    /// `session.input_audio.mute` / `.unmute`: acknowledged at once; while muted the model hears silence.
    func setMuted(_ muted: Bool, clientEventID: String?) {
        self.muted = muted
        send(muted ? "session.input_audio.muted" : "session.input_audio.unmuted", clientEventID: clientEventID)
    }

    /// `session.output_audio.fixture.play`: PCM16 24 kHz audio played from the next frame on, in the session's
    /// format; it interrupts the assistant, and input counts as silence while it plays.
    func playFixture(_ event: JSONObject, clientEventID: String?) throws(LiveError) {
        guard let config else { return }
        guard !output.hasFixture else { throw .fixtureActive("session.output_audio.fixture.play") }
        guard let value = event["audio"] else { throw .missingParameter("audio") }
        guard case .string(let base64) = value else { throw .invalidType("audio", expected: "a string", got: value) }
        guard let data = Data(base64Encoded: base64), !data.isEmpty else {
            throw .invalidAudio("Audio must be non-empty base64-encoded data.")
        }
        guard let samples = try? PCM.samples(fromLittleEndian: data) else {
            throw .invalidAudio("PCM16 audio must contain an even number of bytes")
        }
        guard samples.count <= PCM.samples(forMilliseconds: 30_000) else {
            throw .invalidValue("audio", "A fixture may hold at most 30 seconds of PCM16 audio at 24 kHz.")
        }
        send("session.output_audio.fixture.playing", clientEventID: clientEventID)
        let clip = SpeechClip(samples: samples, words: [], format: config.format)
        output.enqueueFixture(clip, clientEventID: clientEventID, atMs: framesSent * LiveOutputTrack.frameMilliseconds)
    }

    /// Queues speech: it starts at a frame at or after `notBeforeMs`, after what is queued before it. Its audio
    /// is synthesised at once, off the actor.
    func speak(_ text: String, notBeforeMs: Int) {
        guard let config, !ended else { return }
        let key = output.enqueueSpeech(notBeforeMs: notBeforeMs)
        let synthesizer = environment.synthesizer
        let voice = config.voiceName
        let format = config.format
        clipTasks[key] = Task { await synthesizer.clip(text: text, voice: voice, speed: 1, format: format) }
    }

    /// Barge-in: whatever the assistant says or is about to say falls silent 300 ms of timeline after the onset.
    private func userStartedSpeaking(atMs startMs: Int) {
        speechStartMs = startMs
        output.cut(atMs: startMs + Self.reactionMs)
    }

    /// The user's turn ended: its transcript in 200 ms buckets over the speech, then the turn's answer, a reply
    /// or (for a scenario `tool_call`) a delegation.
    private func userStoppedSpeaking(atMs endMs: Int) {
        let speechEndMs = endMs - LiveInput.silenceDurationMs
        let startMs = min(speechStartMs ?? speechEndMs, speechEndMs - 10)
        speechStartMs = nil
        let spokenMs = speechEndMs - startMs
        let turn = environment.scenario?.turn(at: turnIndex)
        turnIndex += 1
        let transcript = turn?.userTranscript ?? ReplyScript.placeholderTranscript(milliseconds: spokenMs)
        let words = SpokenWord.spread(SpokenWord.split(transcript), over: 0..<spokenMs)
        for piece in LiveTranscriptPiece.all(of: words, originMs: startMs, leadingSpace: inputTranscribed) {
            inputTranscribed = true
            send(
                "session.input_transcript.delta",
                ["delta": .string(piece.text), "start_ms": .int(piece.startMs), "end_ms": .int(piece.endMs)])
        }
        contextCharacters += transcript.count
        if let turn, let call = turn.toolCall {
            delegate(call, turn: turn, atMs: endMs)
        } else {
            let reply = turn?.reply ?? turn?.userTranscript.map(ReplyScript.echo) ?? ReplyScript.heard(milliseconds: spokenMs)
            speak(reply, notBeforeMs: endMs + Self.reactionMs)
        }
    }

    /// Sends every output frame the timeline has completed: each with the transcript deltas of the words that
    /// start in it just before its audio.
    private func sendDueFrames() {
        guard let config else { return }
        let frameMs = LiveOutputTrack.frameMilliseconds
        while (framesSent + 1) * frameMs <= input.timelineMs, !ended {
            let frame = output.frame(atMs: framesSent * frameMs)
            for clientEventID in frame.fixturesPlayed { send("session.output_audio.fixture.played", clientEventID: clientEventID) }
            for piece in frame.pieces {
                send(
                    "session.output_transcript.delta",
                    ["delta": .string(piece.text), "start_ms": .int(piece.startMs), "end_ms": .int(piece.endMs)])
                contextCharacters += piece.text.count
            }
            sendAudioDelta(frame.audio ?? LiveSilence.frame(for: config.format))
            framesSent += 1
        }
    }
}
