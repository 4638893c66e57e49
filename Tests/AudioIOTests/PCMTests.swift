import Foundation
import RealtimeCore
import Testing

@Suite("PCM helpers")
struct PCMTests {
    @Test("frame constants agree with each other")
    func constants() {
        #expect(PCM.frameSamples == PCM.samples(forMilliseconds: PCM.frameMilliseconds))
        #expect(PCM.sampleRate == PCM.samplesPerMillisecond * 1000)
        #expect(PCM.milliseconds(forSamples: 479) == 19)
        #expect(PCM.milliseconds(forSamples: 480) == 20)
        #expect(PCM.milliseconds(forSamples: 0) == 0)
    }

    @Test("samples survive the little-endian byte round trip")
    func byteRoundTrip() throws {
        let samples: [Int16] = [0, 1, -1, .max, .min, 0x1234]
        let data = PCM.bytes(samples)
        #expect(Array(data.prefix(4)) == [0, 0, 1, 0])
        #expect(Array(data.suffix(2)) == [0x34, 0x12])
        #expect(try PCM.samples(fromLittleEndian: data) == samples)
    }

    @Test("bytes that start at an odd address decode like any others")
    func unalignedBytes() throws {
        let samples: [Int16] = (0..<2_400).map { Int16(truncatingIfNeeded: $0 &* 2_654_435_761) }
        let shifted = Data([0xFF]) + PCM.bytes(samples)
        #expect(try PCM.samples(fromLittleEndian: shifted.dropFirst()) == samples)
    }

    @Test("an odd byte count is refused with a typed error")
    func oddBytes() {
        #expect(throws: PCMError(oddByteCount: 3)) { try PCM.samples(fromLittleEndian: Data([1, 2, 3])) }
        #expect(!PCMError(oddByteCount: 3).description.contains("\n"))
    }

    @Test("a full-scale sine measures -3 dBFS RMS and 0 dBFS peak")
    func fullScaleSine() {
        let level = AudioLevel.measure(TestSignals.sine(frequency: 1000, amplitude: 1, milliseconds: 100))
        #expect(abs(level.rmsDBFS - -3.01) < 0.05)
        #expect(abs(level.peakDBFS) < 0.01)
    }

    @Test("a -20 dBFS sine measures -23 dBFS RMS; digital silence measures the floor")
    func quietSineAndSilence() {
        let level = AudioLevel.measure(TestSignals.sine(frequency: 440, amplitude: 0.1, milliseconds: 100))
        #expect(abs(level.rmsDBFS - -23.01) < 0.1)
        #expect(abs(level.peakDBFS - -20) < 0.1)
        #expect(AudioLevel.measure([Int16](repeating: 0, count: 480)) == .silence)
        #expect(AudioLevel.measure([Int16]()) == .silence)
        #expect(AudioLevel.silence.rmsDBFS == -100)
    }

    @Test("arrays, slices and collections without contiguous storage measure the same")
    func everyCollectionMeasuresAlike() {
        let sine = TestSignals.sine(frequency: 440, amplitude: 0.5, milliseconds: 40)
        let level = AudioLevel.measure(sine)
        #expect(AudioLevel.measure(sine[...]) == level)
        #expect(AudioLevel.measure(sine.lazy.map { $0 }) == level)
        #expect(AudioLevel.measure(repeatElement(Int16(-16384), count: 480)) == AudioLevel.measure([Int16](repeating: -16384, count: 480)))
        #expect(abs(AudioLevel.measure(repeatElement(Int16(-16384), count: 480)).rmsDBFS - -6.02) < 0.01)
    }
}
