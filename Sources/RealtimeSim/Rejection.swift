import RealtimeCore

/// A client event the simulator refuses; the detail is sent back as an `error` event.
struct Rejection: Error, Sendable {
    /// The error to send.
    var detail: ErrorDetail

    /// Wraps an error payload.
    init(_ detail: ErrorDetail) {
        self.detail = detail
    }
}
