import Foundation
import Testing

@testable import AudioIO

/// The client configuration that turns libpulse's shared memory off must still carry the person's own settings.
@Suite("libpulse client configuration")
struct PulseClientConfigurationTests {
    @Test("the user's client.conf is included, then the .conf files of its .d folder in name order")
    func includesTheUsersConfiguration() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rtconsole-pulse-conf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let pulse = home.appendingPathComponent("config/pulse")
        let extras = pulse.appendingPathComponent("client.conf.d")
        try FileManager.default.createDirectory(at: extras, withIntermediateDirectories: true)
        for name in ["client.conf", "client.conf.d/b.conf", "client.conf.d/a.conf", "client.conf.d/notes.txt"] {
            try Data("default-sink = x\n".utf8).write(to: pulse.appendingPathComponent(name))
        }
        let files = PulseClientConfiguration.includedFiles(["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "HOME": home.path])
        #expect(
            files == [
                pulse.appendingPathComponent("client.conf").path, extras.appendingPathComponent("a.conf").path,
                extras.appendingPathComponent("b.conf").path,
            ])
    }

    @Test("without a user file the system's configuration is the one included")
    func fallsBackToTheSystemConfiguration() {
        let files = PulseClientConfiguration.includedFiles(["HOME": "/nonexistent-home"])
        if FileManager.default.isReadableFile(atPath: "/etc/pulse/client.conf") {
            #expect(files.first == "/etc/pulse/client.conf")
            #expect(files.dropFirst().allSatisfy { $0.hasPrefix("/etc/pulse/client.conf.d/") && $0.hasSuffix(".conf") })
        } else {
            #expect(files.isEmpty)
        }
    }
}
