import Foundation
import RealtimeCore
import Testing

@Suite("WAV files")
struct WAVTests {
    /// Builds a WAV file by hand: RIFF header, an unknown chunk, `fmt `, then `data`.
    private func wav(tag: UInt16, channels: Int, rate: Int, bits: Int, data: [UInt8], extensibleSubformat: UInt16? = nil) -> Data {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }
        let blockAlign = channels * bits / 8
        var fmt = le16(Int(extensibleSubformat == nil ? tag : 0xFFFE)) + le16(channels) + le32(rate) + le32(rate * blockAlign)
        fmt += le16(blockAlign) + le16(bits)
        if let subformat = extensibleSubformat {
            fmt += le16(22) + le16(bits) + le32(0) + le16(Int(subformat))
            fmt += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        let list = Array("LIST".utf8) + le32(5) + Array("abcde".utf8) + [0]
        let body = Array("WAVE".utf8) + list + Array("fmt ".utf8) + le32(fmt.count) + fmt + Array("data".utf8) + le32(data.count) + data
        return Data(Array("RIFF".utf8) + le32(body.count) + body)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-wav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a mono file written by WAVWriter reads back unchanged, and no temporary file is left")
    func monoRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.wav")
        let samples = TestSignals.sine(frequency: 440, amplitude: 0.5, milliseconds: 100)
        let writer = try WAVWriter(url: url)
        writer.append(Array(samples[..<1000]))
        #expect(!FileManager.default.fileExists(atPath: url.path), "the target appears only at finish()")
        writer.append(Array(samples[1000...]))
        try writer.finish()
        let audio = try WAVAudio.read(contentsOf: url)
        #expect(audio == WAVAudio(sampleRate: 24_000, channels: 1, samples: samples))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.wav"])
    }

    @Test("a stereo file keeps its channels; the shorter channel is padded; monoSamples mixes down")
    func stereoRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("stereo.wav")
        let writer = try WAVWriter(url: url, sampleRate: 24_000, channels: 2)
        writer.appendStereo(left: [100, 200, 300], right: [-100, -200])
        try writer.finish()
        let audio = try WAVAudio.read(contentsOf: url)
        #expect(audio.channels == 2)
        #expect(audio.samples == [100, -100, 200, -200, 300, 0])
        #expect(audio.monoSamples() == [0, 0, 150])
    }

    @Test("a writer dropped without finish() leaves nothing behind")
    func abandonedWriter() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let writer = try WAVWriter(url: directory.appendingPathComponent("never.wav"))
            writer.append([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("8, 24 and 32-bit PCM, 32 and 64-bit float and WAVE_FORMAT_EXTENSIBLE all decode to PCM16")
    func formats() throws {
        // The same two samples, +0.5 and -0.25 of full scale, in each encoding.
        let pcm8 = try WAVAudio.parse(wav(tag: 1, channels: 1, rate: 8000, bits: 8, data: [192, 96]))
        #expect(pcm8.samples == [16384, -8192])
        #expect(pcm8.sampleRate == 8000)
        let pcm24 = try WAVAudio.parse(wav(tag: 1, channels: 1, rate: 48_000, bits: 24, data: [0, 0, 0x40, 0, 0, 0xE0]))
        #expect(pcm24.samples == [16384, -8192])
        let pcm32 = try WAVAudio.parse(wav(tag: 1, channels: 1, rate: 48_000, bits: 32, data: [0, 0, 0, 0x40, 0, 0, 0, 0xE0]))
        #expect(pcm32.samples == [16384, -8192])
        let float32 = (Float(0.5).bitPattern, Float(-0.25).bitPattern)
        let float32Bytes = withUnsafeBytes(of: float32.0.littleEndian, Array.init) + withUnsafeBytes(of: float32.1.littleEndian, Array.init)
        #expect(try WAVAudio.parse(wav(tag: 3, channels: 1, rate: 44_100, bits: 32, data: float32Bytes)).samples == [16384, -8192])
        let float64Bytes =
            withUnsafeBytes(of: Double(0.5).bitPattern.littleEndian, Array.init)
            + withUnsafeBytes(of: Double(-0.25).bitPattern.littleEndian, Array.init)
        #expect(try WAVAudio.parse(wav(tag: 3, channels: 1, rate: 44_100, bits: 64, data: float64Bytes)).samples == [16384, -8192])
        let extensible = try WAVAudio.parse(wav(tag: 0, channels: 2, rate: 96_000, bits: 16, data: [0, 0x40, 0, 0xE0], extensibleSubformat: 1))
        #expect(extensible == WAVAudio(sampleRate: 96_000, channels: 2, samples: [16384, -8192]))
        let extensibleFloat = try WAVAudio.parse(wav(tag: 0, channels: 1, rate: 16_000, bits: 32, data: float32Bytes, extensibleSubformat: 3))
        #expect(extensibleFloat.samples == [16384, -8192])
    }

    @Test("a µ-law file is refused with one line that names the format and the fix")
    func refusesMuLaw() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("in.wav")
        try wav(tag: 7, channels: 1, rate: 8000, bits: 8, data: [0xFF, 0x7F]).write(to: url)
        let error = try #require(throws: WAVError.self) { try WAVAudio.read(contentsOf: url) }
        #expect(error == .unsupportedFormat(tag: 7))
        #expect(
            error.description
                == "in.wav is not a PCM WAV file (format tag 0x0007, µ-law); rtconsole reads PCM (8/16/24/32-bit) or float (32/64-bit) WAV at any rate and channel count: convert it with `sox in.wav -e signed -b 16 out.wav`"
        )
    }

    @Test("MP3 in WAV, ADPCM, 12-bit PCM, non-RIFF data, truncated files are refused with one-line messages")
    func refusals() throws {
        let cases: [(Data, WAVError)] = [
            (wav(tag: 0x55, channels: 1, rate: 44_100, bits: 0, data: [1, 2]), .unsupportedFormat(tag: 0x55)),
            (wav(tag: 2, channels: 1, rate: 8000, bits: 4, data: [1, 2]), .unsupportedFormat(tag: 2)),
            (wav(tag: 1, channels: 1, rate: 8000, bits: 12, data: [1, 2]), .unsupportedBits(format: "PCM", bits: 12)),
            (Data("ID3\u{3}this is an mp3 file".utf8), .notRIFF),
            (Data("RIFF".utf8), .truncated("4 bytes, shorter than a RIFF header")),
        ]
        for (data, expected) in cases {
            let error = try #require(throws: WAVError.self) { try WAVAudio.parse(data) }
            #expect(error == expected)
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("rtconsole reads PCM"))
        }
        var cut = wav(tag: 1, channels: 1, rate: 8000, bits: 16, data: [1, 2, 3, 4, 5, 6])
        cut.removeLast(3)
        let error = try #require(throws: WAVError.self) { try WAVAudio.parse(cut) }
        #expect(error.description.hasPrefix("the WAV data is truncated (the 'data' chunk declares 6 bytes, 3 are there)"))
    }

    @Test("a WAV streamed to a pipe, with a placeholder length, reads to the end of the data")
    func streamedPlaceholder() async throws {
        let output = try await PulseTestSupport.output(of: "espeak-ng", ["--stdout", "streamed"])
        #expect(Array(output[40..<44]) == [0x00, 0xF0, 0xFF, 0x7F], "espeak-ng writes the placeholder 0x7FFFF000")
        let audio = try WAVAudio.parse(output)
        #expect(audio.samples.count == (output.count - 44) / 2)
        #expect(AudioLevel.measure(audio.samples).rmsDBFS > -40)
    }

    @Test("a missing file is reported with its name")
    func missingFile() throws {
        let error = try #require(throws: WAVError.self) { try WAVAudio.read(contentsOf: URL(fileURLWithPath: "/nonexistent/speech.wav")) }
        #expect(error.description.hasPrefix("cannot read speech.wav"))
        #expect(!error.description.contains("\n"))
    }
}
