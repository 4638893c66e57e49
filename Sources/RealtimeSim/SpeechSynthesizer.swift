import Foundation
import Logging
import RealtimeCore

/// Makes the audio of replies, shared by all sessions of a server, with a small cache: many sessions say the
/// same sentences, and each is synthesised and encoded once.
actor SpeechSynthesizer {
    private struct ClipKey: Hashable {
        var text: String
        var voice: String
        var speed: Double
        var format: String
    }

    private static let cacheLimit = 64

    private let mode: VoiceSynthesis
    private let logger: Logger
    private var espeak: URL?
    private var espeakResolved = false
    private var warnedAboutFallback = false
    private var cache: [ClipKey: SpeechClip] = [:]
    private var cacheOrder: [ClipKey] = []
    private var pending: [ClipKey: Task<SpeechClip, Never>] = [:]

    /// Creates a synthesizer.
    init(mode: VoiceSynthesis, logger: Logger) {
        self.mode = mode
        self.logger = logger
    }

    /// The audio of `text` spoken with `voice` at `speed`, encoded in `format`.
    func clip(text: String, voice: String, speed: Double, format: AudioFormat) async -> SpeechClip {
        let key = ClipKey(text: text, voice: voice, speed: speed, format: "\(format)")
        if let clip = cache[key] { return clip }
        if let task = pending[key] { return await task.value }
        let executable = resolveEspeak()
        let pitch = 30 + Int(ToneSynthesizer.fnv1a(voice) % 41)
        let task = Task { () -> SpeechClip in
            let rendered = await Self.render(text, espeak: executable, pitch: pitch, speed: speed, format: format)
            if let failure = rendered.failure { self.noteFallback(failure) }
            return rendered.clip
        }
        pending[key] = task
        let clip = await task.value
        pending[key] = nil
        cache[key] = clip
        cacheOrder.append(key)
        if cacheOrder.count > Self.cacheLimit { cache[cacheOrder.removeFirst()] = nil }
        return clip
    }

    /// Synthesises off the actor: espeak-ng when given and working, tones otherwise.
    private nonisolated static func render(_ text: String, espeak: URL?, pitch: Int, speed: Double, format: AudioFormat) async
        -> (clip: SpeechClip, failure: String?)
    {
        let words = SpokenWord.split(text)
        var failure: String?
        if let espeak, !words.isEmpty {
            switch await EspeakRunner.speak(text, executable: espeak, speed: speed, pitch: pitch) {
            case .success(let samples):
                return (SpeechClip(samples: samples, words: timeWords(words, in: samples), format: format), nil)
            case .failure(let reason):
                failure = reason.description
            }
        }
        let tones = ToneSynthesizer.render(words, speed: speed)
        return (SpeechClip(samples: tones.samples, words: tones.words, format: format), failure)
    }

    private func resolveEspeak() -> URL? {
        if !espeakResolved {
            espeakResolved = true
            switch mode {
            case .tones:
                espeak = nil
            case .automatic:
                espeak = EspeakRunner.locate()
            case .espeak:
                espeak = EspeakRunner.locate()
                if espeak == nil { noteFallback("espeak-ng is not on the PATH") }
            }
        }
        return espeak
    }

    private func noteFallback(_ reason: String) {
        guard !warnedAboutFallback else { return }
        warnedAboutFallback = true
        logger.warning("speech synthesis falls back to tones", metadata: ["reason": "\(reason)"])
    }

    /// Spreads words over the part of the audio that is not leading or trailing silence.
    private nonisolated static func timeWords(_ words: [String], in samples: [Int16]) -> [SpokenWord] {
        let loud = { (sample: Int16) in abs(Int(sample)) > 300 }
        let first = samples.firstIndex(where: loud) ?? 0
        let last = samples.lastIndex(where: loud) ?? max(0, samples.count - 1)
        let startMs = PCM.milliseconds(forSamples: first)
        let endMs = max(startMs + 1, PCM.milliseconds(forSamples: last + 1))
        return SpokenWord.spread(words, over: startMs..<endMs)
    }
}
