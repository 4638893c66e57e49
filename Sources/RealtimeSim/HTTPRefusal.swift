import NIOHTTP1

/// A request the simulator answers with an HTTP error instead of a WebSocket: a status and an OpenAI-style
/// JSON body (`{"error":{"message":…,"type":…,"param":null,"code":…}}`).
struct HTTPRefusal: Error, Sendable {
    var status: HTTPResponseStatus
    var body: String
}
