import Foundation
import RealtimeCore

/// `rtconsole sim` running as its own process, so that what it costs is measured apart from its clients.
final class SimulatorProcess: Sendable {
    /// The running simulator.
    let child: ChildProcess
    /// Its base URL, e.g. `ws://127.0.0.1:40123/v1`.
    let baseURL: String

    /// Starts the simulator and waits for its "listening on" line.
    ///
    /// - Parameters:
    ///   - rtconsole: the rtconsole binary.
    ///   - pace: how many times faster than real time reply audio is sent.
    ///   - scenario: a scenario file, or nil for the default replies.
    ///   - logFolder: where its standard error is kept.
    ///   - name: a name for the log file.
    init(rtconsole: String, pace: Double, scenario: URL? = nil, logFolder: URL, name: String) throws {
        let child = try ChildProcess(
            rtconsole, ["sim", "--port", "0", "--pace", "\(pace)"] + (scenario.map { ["--scenario", $0.path] } ?? []),
            errorLog: logFolder.appendingPathComponent("\(name).stderr.log"))
        guard let line = child.readLine(), let range = line.range(of: "ws://") else {
            kill(child.pid, SIGKILL)
            throw BenchError("rtconsole sim did not print its URL; see \(logFolder.path)/\(name).stderr.log")
        }
        self.child = child
        baseURL = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// An endpoint for a client in this process (GA dialect, no key).
    var endpoint: Endpoint {
        get throws {
            guard
                let endpoint = Endpoint.custom(
                    baseURL: baseURL, model: ModelCatalog.defaultRealtimeModel, dialect: .ga, credential: nil, kind: .localSimulator)
            else {
                throw BenchError("the simulator's URL \(baseURL) is not a valid endpoint")
            }
            return endpoint
        }
    }

    /// Stops the simulator (SIGINT, as a person would).
    func stop() async {
        await child.stop()
    }
}
