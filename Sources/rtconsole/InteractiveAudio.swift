import AudioIO
import ConsoleUI
import Foundation
import RealtimeCore

/// The console's microphone and speaker: PulseAudio capture and playback, optionally through PulseAudio's
/// echo canceller; or nothing, with the reason, so the call still runs in text mode.
struct InteractiveAudio: Sendable {
    /// The microphone, nil when audio is off.
    var input: PulseAudioInput?
    /// The microphone's frames, nil when audio is off.
    var frames: AsyncStream<CapturedFrame>?
    /// The speaker, nil when audio is off.
    var output: PulseAudioOutput?
    /// The echo canceller, when `--aec` loaded one.
    var canceller: EchoCanceller?
    /// What the console shows about audio.
    var status: AudioStatus
    /// Things to tell the person that did not stop audio (the echo canceller failed, say).
    var notices: [Notice] = []

    /// Opens audio on a thread of its own (connecting to PulseAudio blocks), never on the cooperative pool.
    static func open(_ settings: CallContext.AudioSettings) async -> InteractiveAudio {
        guard !settings.disabled else {
            return InteractiveAudio(status: .off(reason: "--no-audio was given"))
        }
        return await withCheckedContinuation { continuation in
            Thread {
                ThreadName.setCurrent("audio.open")
                continuation.resume(returning: openNow(settings))
            }
            .start()
        }
    }

    private static func openNow(_ settings: CallContext.AudioSettings) -> InteractiveAudio {
        var notices: [Notice] = []
        var canceller: EchoCanceller?
        var source = settings.inputDevice
        var sink = settings.outputDevice
        if settings.echoCancellation {
            do {
                let loaded = try EchoCanceller(configuration: .init(sourceMaster: settings.inputDevice, sinkMaster: settings.outputDevice))
                canceller = loaded
                source = loaded.sourceName
                sink = loaded.sinkName
            } catch {
                notices.append(Notice(.warning, "echo cancellation is off: \(error.description); use headphones"))
            }
        }
        let output = PulseAudioOutput(configuration: .init(device: sink, targetLatency: .milliseconds(settings.latencyMs)))
        let input = PulseAudioInput(configuration: .init(device: source))
        do {
            try output.start()
        } catch {
            canceller?.stop()
            return InteractiveAudio(status: .off(reason: error.description), notices: notices)
        }
        do {
            let frames = try input.start()
            return InteractiveAudio(input: input, frames: frames, output: output, canceller: canceller, status: .live, notices: notices)
        } catch {
            // A microphone that cannot open (a mistyped --input-device, say) leaves the speaker playing.
            input.stop()
            return InteractiveAudio(output: output, canceller: canceller, status: .speakerOnly(reason: error.description), notices: notices)
        }
    }

    /// What the console should show now, from the streams' states.
    var currentStatus: AudioStatus {
        guard let output else { return status }
        for state in [input?.state, output.state].compactMap({ $0 }) {
            if case .reconnecting(let error) = state { return .interrupted(reason: error.description) }
        }
        return status
    }

    /// Stops capture and playback, and unloads the echo canceller.
    func stop() {
        input?.stop()
        output?.stop()
        canceller?.stop()
    }
}
