import Foundation
import RealtimeCore

/// How a ``SimulatorServer`` listens, which dialect it speaks by default, and what it says.
public struct SimulatorConfiguration: Sendable {
    /// The address to listen on.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free one.
    public var port: Int = 0
    /// The dialect of connections that do not ask for beta (`OpenAI-Beta: realtime=v1` always gets beta).
    public var dialect: Dialect = .ga
    /// Scripted replies and faults; nil uses the default replies.
    public var scenario: Scenario?
    /// Audio deltas are sent this many times faster than real time (positive).
    public var pace: Double = 4
    /// The maximum length of a session; at the limit it ends with `session_expired` and close 1001.
    public var maxSessionDuration: Duration = .seconds(3600)
    /// When set, connections must carry this key (`Authorization: Bearer`, `api-key` header or query,
    /// or an `openai-insecure-api-key.` subprotocol); others get HTTP 401 with an OpenAI-style JSON error.
    public var requiredAPIKey: String?
    /// When set, every frame in both directions is appended to this file as a JSON line
    /// `{"dir":"client"|"server","event":{…}}`, flushed per line.
    public var frameLog: URL?
    /// How reply audio is made.
    public var voiceSynthesis: VoiceSynthesis = .automatic
    /// The modelled time to first audio of a reply (a scenario turn may set its own).
    public var firstDeltaDelay: Duration = .milliseconds(200)

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 0, dialect: Dialect = .ga, scenario: Scenario? = nil, pace: Double = 4,
        maxSessionDuration: Duration = .seconds(3600), requiredAPIKey: String? = nil, frameLog: URL? = nil,
        voiceSynthesis: VoiceSynthesis = .automatic
    ) {
        self.host = host
        self.port = port
        self.dialect = dialect
        self.scenario = scenario
        self.pace = pace
        self.maxSessionDuration = maxSessionDuration
        self.requiredAPIKey = requiredAPIKey
        self.frameLog = frameLog
        self.voiceSynthesis = voiceSynthesis
    }
}
