import RealtimeCore
import Testing

@Suite("Resampler")
struct ResamplerTests {
    @Test("48 kHz sine to 24 kHz keeps its frequency and level")
    func downsample48k() {
        let input = TestSignals.sine(frequency: 1000, amplitude: 0.5, milliseconds: 500, rate: 48_000)
        let output = Resampler.resample(input, from: 48_000, to: 24_000)
        #expect(output.count == input.count / 2)
        let middle = Array(output[1200..<10800])
        #expect(abs(TestSignals.frequency(of: middle, rate: 24_000) - 1000) < 1)
        #expect(abs(AudioLevel.measure(middle).rmsDBFS - AudioLevel.measure(input).rmsDBFS) < 0.2)
    }

    @Test("44.1 kHz speech-band sine to 24 kHz keeps its frequency and level")
    func downsample44k() {
        let input = TestSignals.sine(frequency: 3000, amplitude: 0.5, milliseconds: 500, rate: 44_100)
        let output = Resampler.resample(input, from: 44_100, to: 24_000)
        #expect(output.count == input.count * 24_000 / 44_100)
        let middle = Array(output[1200..<10800])
        #expect(abs(TestSignals.frequency(of: middle, rate: 24_000) - 3000) < 1)
        #expect(abs(AudioLevel.measure(middle).rmsDBFS - AudioLevel.measure(input).rmsDBFS) < 0.2)
    }

    @Test("a tone above the new Nyquist frequency is filtered out instead of aliasing")
    func antiAliasing() {
        // 15 kHz at 48 kHz would alias to 9 kHz at 24 kHz without a low-pass filter.
        let input = TestSignals.sine(frequency: 15_000, amplitude: 0.5, milliseconds: 200, rate: 48_000)
        let output = Resampler.resample(input, from: 48_000, to: 24_000)
        #expect(AudioLevel.measure(output[480..<4320]).rmsDBFS < -60)
    }

    @Test("upsampling 16 kHz to 24 kHz keeps the tone")
    func upsample() {
        let input = TestSignals.sine(frequency: 500, amplitude: 0.5, milliseconds: 300, rate: 16_000)
        let output = Resampler.resample(input, from: 16_000, to: 24_000)
        #expect(output.count == input.count * 3 / 2)
        let middle = Array(output[600..<6600])
        #expect(abs(TestSignals.frequency(of: middle, rate: 24_000) - 500) < 1)
        #expect(abs(AudioLevel.measure(middle).rmsDBFS - AudioLevel.measure(input).rmsDBFS) < 0.2)
    }

    @Test("equal rates return the input unchanged")
    func identity() {
        let input = TestSignals.sine(frequency: 440, amplitude: 0.3, milliseconds: 50)
        #expect(Resampler.resample(input, from: 24_000, to: 24_000) == input)
    }
}
