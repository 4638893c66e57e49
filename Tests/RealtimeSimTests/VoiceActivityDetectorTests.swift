import RealtimeCore
import Testing

@testable import RealtimeSim

@Suite struct VoiceActivityDetectorTests {
    typealias Event = VoiceActivityDetector.Event

    static func events(_ signal: SyntheticSignal, threshold: Double = 0.5, paddingMs: Int = 300, silenceMs: Int = 500) -> [Event] {
        let parameters = VoiceActivityDetector.Parameters(
            thresholdDBFS: VoiceActivityDetector.Parameters.thresholdDBFS(for: threshold), prefixPaddingMs: paddingMs, silenceDurationMs: silenceMs
        )
        var detector = VoiceActivityDetector(parameters: parameters, sampleRate: SyntheticSignal.sampleRate, originMs: 0)
        return signal.chunks().flatMap { detector.process($0) }
    }

    static func expectBoundaries(_ events: [Event], start: Int, end: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        guard events.count == 2, case .speechStarted(let started) = events[0], case .speechStopped(let stopped) = events[1] else {
            Issue.record("expected one start and one stop, got \(events)", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(started - start) <= 20, "audio_start_ms \(started), expected \(start) ± 20", sourceLocation: sourceLocation)
        #expect(abs(stopped - end) <= 20, "audio_end_ms \(stopped), expected \(end) ± 20", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(300, 500), (0, 200), (500, 1000)])
    func burstInSilence(paddingMs: Int, silenceMs: Int) {
        let signal = SyntheticSignal(durationMs: 5000, bursts: [.init(startMs: 1000, endMs: 2000, dBFS: -20)])
        let events = Self.events(signal, paddingMs: paddingMs, silenceMs: silenceMs)
        Self.expectBoundaries(events, start: 1000 - paddingMs, end: 2000 + silenceMs)
    }

    @Test func unalignedBurstInLowNoise() {
        let signal = SyntheticSignal(durationMs: 5000, bursts: [.init(startMs: 1237, endMs: 2871, dBFS: -25, frequency: 220)], noiseDBFS: -62)
        Self.expectBoundaries(Self.events(signal), start: 1237 - 300, end: 2871 + 500)
    }

    @Test func paddingIsClampedAtTheStartOfTheTimeline() {
        let signal = SyntheticSignal(durationMs: 2000, bursts: [.init(startMs: 100, endMs: 600, dBFS: -20)])
        Self.expectBoundaries(Self.events(signal), start: 0, end: 1100)
    }

    @Test func quietBurstBelowTheThresholdGivesNoEvents() {
        let signal = SyntheticSignal(durationMs: 4000, bursts: [.init(startMs: 1000, endMs: 2000, dBFS: -45)], noiseDBFS: -70)
        #expect(Self.events(signal, threshold: 0.5).isEmpty)
        Self.expectBoundaries(Self.events(signal, threshold: 0.1), start: 700, end: 2500)
    }

    @Test func loudBurstBelowAHighThresholdGivesNoEvents() {
        let signal = SyntheticSignal(durationMs: 4000, bursts: [.init(startMs: 1000, endMs: 2000, dBFS: -20)])
        #expect(Self.events(signal, threshold: 0.9).isEmpty)
    }

    @Test func pauseShorterThanTheSilenceKeepsOneTurn() {
        let signal = SyntheticSignal(
            durationMs: 5000, bursts: [.init(startMs: 1000, endMs: 1500, dBFS: -20), .init(startMs: 1800, endMs: 2500, dBFS: -20)])
        Self.expectBoundaries(Self.events(signal, silenceMs: 500), start: 700, end: 3000)
    }

    @Test func pauseLongerThanTheSilenceMakesTwoTurns() {
        let signal = SyntheticSignal(
            durationMs: 6000, bursts: [.init(startMs: 1000, endMs: 1500, dBFS: -20), .init(startMs: 2500, endMs: 3000, dBFS: -20)])
        let events = Self.events(signal, paddingMs: 300, silenceMs: 400)
        #expect(events.count == 4)
        Self.expectBoundaries(Array(events.prefix(2)), start: 700, end: 1900)
        // The second turn's padding may not reach back before the end of the first.
        Self.expectBoundaries(Array(events.suffix(2)), start: 2200, end: 3400)
    }

    @Test func clickShorterThanThreeFramesIsIgnored() {
        let signal = SyntheticSignal(durationMs: 2000, bursts: [.init(startMs: 1000, endMs: 1020, dBFS: -10)])
        #expect(Self.events(signal).isEmpty)
    }

    @Test func thresholdMapping() {
        #expect(VoiceActivityDetector.Parameters.thresholdDBFS(for: 0) == -60)
        #expect(VoiceActivityDetector.Parameters.thresholdDBFS(for: 0.5) == -35)
        #expect(VoiceActivityDetector.Parameters.thresholdDBFS(for: 1) == -10)
    }

    @Test func semanticEagernessSetsTheEndOfTurnWait() {
        let waits = TurnDetection.Eagerness.allCases.map { eagerness in
            VoiceActivityDetector.Parameters.forTurnDetection(.semanticVAD(.init(eagerness: eagerness)))?.silenceDurationMs
        }
        #expect(waits == [1500, 800, 300, 800])
        let signal = SyntheticSignal(durationMs: 5000, bursts: [.init(startMs: 1000, endMs: 2000, dBFS: -20)])
        let parameters = VoiceActivityDetector.Parameters.forTurnDetection(.semanticVAD(.init(eagerness: .high)))!
        var detector = VoiceActivityDetector(parameters: parameters, sampleRate: SyntheticSignal.sampleRate, originMs: 0)
        Self.expectBoundaries(signal.chunks().flatMap { detector.process($0) }, start: 700, end: 2300)
    }

    @Test func manualTurnsHaveNoDetector() {
        #expect(VoiceActivityDetector.Parameters.forTurnDetection(nil) == nil)
    }

    @Test func timelineOriginShiftsPositions() {
        let parameters = VoiceActivityDetector.Parameters.forTurnDetection(.serverVAD(.init(silenceDurationMs: 500)))!
        var detector = VoiceActivityDetector(parameters: parameters, sampleRate: SyntheticSignal.sampleRate, originMs: 10_000)
        let signal = SyntheticSignal(durationMs: 4000, bursts: [.init(startMs: 1000, endMs: 2000, dBFS: -20)])
        Self.expectBoundaries(signal.chunks().flatMap { detector.process($0) }, start: 10_700, end: 12_500)
    }
}
