import Foundation
import NIOHTTP1

/// OpenAI's speech endpoint (`--tts openai[:model[:voice]]`), streaming raw 24 kHz PCM with the session's key.
public struct OpenAISpeech: TextToSpeech {
    public var model: String
    public var voice: String
    public var credential: Credential
    /// The API base (`https://api.openai.com/v1`).
    public var baseURL: URL

    /// Creates a synthesiser.
    public init(
        model: String = "gpt-4o-mini-tts", voice: String = "marin", credential: Credential,
        baseURL: URL = URL(string: "https://api.openai.com/v1")!
    ) {
        self.model = model
        self.voice = voice
        self.credential = credential
        self.baseURL = baseURL
    }

    public var name: String { "openai \(model)/\(voice)" }

    public func speak(_ text: String) -> AsyncThrowingStream<[Int16], any Error> {
        let body: JSONValue = ["model": .string(model), "voice": .string(voice), "input": .string(text), "response_format": "pcm"]
        let request = HTTPClientRequest(
            method: .POST, url: baseURL.appendingPathComponent("audio/speech"),
            headers: [(name: "Content-Type", value: "application/json"), credential.header],
            body: Array(JSONWriter.compact(body).utf8))
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await Self.stream(request, into: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The fewest bytes yielded at once (480 samples, 20 ms at 24 kHz), except for the last chunk.
    static let minimumChunkBytes = 960

    /// Sends the request and yields the body as samples while it arrives: at least `minimumChunkBytes` at a
    /// time except the last chunk, an odd trailing byte kept for the next chunk.
    static func stream(_ request: HTTPClientRequest, into continuation: AsyncThrowingStream<[Int16], any Error>.Continuation)
        async throws(SpeechError)
    {
        let response: HTTPClientRequest.Response
        do {
            response = try await request.send()
        } catch {
            throw SpeechError("the speech request failed: \(error.message)")
        }
        guard response.status == 200 else {
            throw SpeechError("the speech endpoint answered HTTP \(response.status); check the key and the --tts model and voice")
        }
        var pending: [UInt8] = []
        do {
            for try await chunk in response.body {
                pending += chunk
                let whole = pending.count & ~1
                guard whole >= minimumChunkBytes else { continue }
                continuation.yield(samples(pending[..<whole]))
                pending.removeFirst(whole)
            }
        } catch {
            throw SpeechError("the speech request failed: \(error)")
        }
        if pending.count >= 2 { continuation.yield(samples(pending[...])) }
    }

    /// Decodes little-endian PCM16 bytes into samples; an odd last byte is ignored.
    static func samples(_ bytes: ArraySlice<UInt8>) -> [Int16] {
        stride(from: bytes.startIndex, to: bytes.startIndex + (bytes.count & ~1), by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }
}
