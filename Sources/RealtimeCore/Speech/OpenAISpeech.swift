import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// OpenAI's speech endpoint (`--tts openai[:model[:voice]]`), streaming raw 24 kHz PCM with the session's key.
public struct OpenAISpeech: TextToSpeech {
    public var model: String
    public var voice: String
    public var credential: Credential
    /// The API base (`https://api.openai.com/v1`).
    public var baseURL: URL

    /// Creates a synthesiser.
    public init(model: String = "gpt-4o-mini-tts", voice: String = "marin", credential: Credential,
                baseURL: URL = URL(string: "https://api.openai.com/v1")!) {
        self.model = model
        self.voice = voice
        self.credential = credential
        self.baseURL = baseURL
    }

    public var name: String { "openai \(model)/\(voice)" }

    public func speak(_ text: String) -> AsyncThrowingStream<[Int16], any Error> {
        var request = URLRequest(url: baseURL.appendingPathComponent("audio/speech"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(credential.header.value, forHTTPHeaderField: credential.header.name)
        let body: JSONValue = ["model": .string(model), "voice": .string(voice), "input": .string(text), "response_format": "pcm"]
        request.httpBody = Data(JSONWriter.compact(body).utf8)
        let finalRequest = request
        return AsyncThrowingStream { continuation in
            let delegate = SpeechStreamDelegate(continuation: continuation)
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = 1
            let session = URLSession(configuration: .default, delegate: delegate, delegateQueue: queue)
            let task = session.dataTask(with: finalRequest)
            continuation.onTermination = { _ in
                task.cancel()
                session.finishTasksAndInvalidate()
            }
            task.resume()
        }
    }
}

/// Turns the speech endpoint's streamed body into PCM chunks as bytes arrive.
///
/// `@unchecked Sendable`: URLSession calls these methods one at a time on the serial delegate queue made
/// for this request (`maxConcurrentOperationCount = 1`), and `pending` and `failed` are touched only there.
final class SpeechStreamDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<[Int16], any Error>.Continuation
    private var pending = Data()
    private var failed = false

    init(continuation: AsyncThrowingStream<[Int16], any Error>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            failed = true
            continuation.finish(throwing: SpeechError("the speech endpoint answered HTTP \(http.statusCode); check the key and the --tts model and voice"))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.append(data)
        let whole = pending.count & ~1
        guard whole >= 960, let samples = try? PCM.samples(fromLittleEndian: pending.prefix(whole)) else { return }
        continuation.yield(samples)
        pending = Data(pending.dropFirst(whole))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard !failed else { return }
        if let error {
            continuation.finish(throwing: SpeechError("the speech request failed: \(error.localizedDescription)"))
            return
        }
        if pending.count >= 2, let samples = try? PCM.samples(fromLittleEndian: pending.prefix(pending.count & ~1)) {
            continuation.yield(samples)
        }
        continuation.finish()
    }
}
