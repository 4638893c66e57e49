/// The two shapes of the Realtime protocol.
public enum Dialect: String, Sendable, CaseIterable, Codable {
    /// The generally available protocol (`gpt-realtime*`, Azure `/openai/v1`). The default.
    case ga
    /// The legacy beta protocol (`OpenAI-Beta: realtime=v1`): Azure preview deployments and compatible servers.
    case beta
}
