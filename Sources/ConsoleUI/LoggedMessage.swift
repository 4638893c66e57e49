import Foundation
import RealtimeCore

/// A message of the call as the `n` overlay lists it: when it was shown, and what it said.
public struct LoggedMessage: Sendable, Equatable {
    /// When it was posted.
    public var time: Date
    /// The message.
    public var notice: Notice
}
