import AudioIO
import Testing

@Suite("Without a sound server")
struct NoServerTests {
    private let address = "unix:/nonexistent-rtconsole-test/native"

    private func expectUnreachable(_ error: AudioError) {
        #expect(error.code == .serverUnreachable)
        #expect(error.description.hasPrefix("cannot reach the PulseAudio server at \(address) ("))
        #expect(error.description.hasSuffix("start a PulseAudio daemon there or pass the address of a running one"))
        #expect(!error.description.contains("\n"))
    }

    @Test("every PulseAudio entry point fails with a one-line error naming the server, and none crashes or hangs")
    func everyEntryPointFails() async throws {
        expectUnreachable(try #require(throws: AudioError.self) { _ = try PulseDevices.list(server: address) })
        let input = PulseAudioInput(configuration: .init(server: address))
        expectUnreachable(try #require(throws: AudioError.self) { _ = try input.start() })
        #expect(input.state == .stopped)
        let output = PulseAudioOutput(configuration: .init(server: address))
        expectUnreachable(try #require(throws: AudioError.self) { try output.start() })
        #expect(output.state == .stopped)
        #expect(await output.interrupt().isEmpty)
        expectUnreachable(try #require(throws: AudioError.self) { _ = try EchoCanceller(configuration: .init(server: address)) })
    }
}
