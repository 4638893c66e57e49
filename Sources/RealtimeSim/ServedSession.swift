/// A session behind one WebSocket connection, whichever protocol it speaks: ``SessionConnection`` feeds it the
/// client's frames, and ``SimulatorServer`` stops it.
///
/// Everything a session sends goes, in order, into the `AsyncStream` of ``OutgoingFrame``s it was created with.
protocol ServedSession: Actor {
    /// Called once the session is registered, before any client frame.
    func start()
    /// Handles one text frame from the client; the next frame is not read before it returns.
    func receive(_ text: String) async
    /// Handles a binary frame from the client (neither protocol has any).
    func receiveBinary()
    /// The client went away: stop everything without sending more.
    func clientDisconnected()
    /// The server is stopping: close with 1001 and stop.
    func shutdown()
}

extension SimulatedSession: ServedSession {}
