/// Where a document goes piece by piece: a string in memory, or a file through a small buffer, so that a
/// large record is never held whole on its way to the disk.
public protocol TextSink {
    /// What writing a piece can fail with (`Never` for memory).
    associatedtype Failure: Error

    /// Appends a piece of text.
    mutating func write(_ text: String) throws(Failure)
}

extension String: TextSink {
    public typealias Failure = Never

    /// Appends a piece of text to the string.
    public mutating func write(_ text: String) {
        self += text
    }
}
