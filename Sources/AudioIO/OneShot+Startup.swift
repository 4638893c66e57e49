extension OneShot where Value == AudioError? {
    /// Waits for a stream thread to report whether its first attempt to open the stream worked.
    ///
    /// - Parameters:
    ///   - what: the stream, for the timeout message ("open a capture stream").
    ///   - server: the server the thread connects to.
    /// - Throws: the thread's ``AudioError``, or a timeout after twice ``PulseContext/timeout``.
    func awaitStartup(_ what: String, server: PulseServer) throws(AudioError) {
        switch wait(timeout: PulseContext.timeout * 2) {
        case .some(nil): return
        case .some(let error?): throw error
        case nil: throw AudioError.timedOut(what, server: server)
        }
    }
}
