import Foundation
import Logging

/// Everything a session needs to start.
public struct SessionOptions: Sendable {
    public var endpoint: Endpoint
    public var config: SessionConfig
    public var transport: TransportConfiguration
    /// Where assistant audio plays; nil for text-only front ends (then replies are never truncated).
    public var playback: (any AudioPlayback)?
    /// Model prices for the cost figures.
    public var prices: PriceTable
    /// Reconnecting after drops and rolling over before the session limit.
    public var reconnect: ReconnectPolicy
    /// GPT-Live settings (delegation, storage), read when the endpoint's protocol is GPT-Live.
    public var live = LiveOptions()
    /// Earlier conversation to start from (`--history`).
    public var history: [ConversationEntry] = []
    /// How the history is given to the model.
    public var historyMode: HistoryMode = .items
    /// Tools the model may call and how they are answered.
    public var tools: ToolRunner?
    /// A stereo recording of the call (microphone left, assistant right); the caller finishes it.
    public var recorder: CallRecorder?
    /// Where to save the session record after every turn (atomically); nil: no autosave.
    public var autosave: URL?
    /// Called on the autosave thread after each autosave, written or not: the full-screen console gives the
    /// memory the write freed back to the system there.
    public var afterAutosave: (@Sendable () -> Void)?
    /// A separate speech synthesiser: speaks text replies (`--modalities text`), and text that comes back
    /// when audio was asked for.
    public var speech: (any TextToSpeech)?
    /// Where the session's connection and its own tasks run: an ``EventLoopExecutor`` keeps a live call's
    /// hand-overs on the socket's own thread; nil: the global pool and NIO's shared loops.
    public var executor: EventLoopExecutor?
    public var logger: Logger

    /// Creates options.
    public init(
        endpoint: Endpoint, config: SessionConfig = SessionConfig(), transport: TransportConfiguration = TransportConfiguration(),
        playback: (any AudioPlayback)? = nil, prices: PriceTable = .defaults, reconnect: ReconnectPolicy = ReconnectPolicy(),
        logger: Logger = Logger(label: "rtconsole.session")
    ) {
        self.endpoint = endpoint
        self.config = config
        self.transport = transport
        self.playback = playback
        self.prices = prices
        self.reconnect = reconnect
        self.logger = logger
    }
}
