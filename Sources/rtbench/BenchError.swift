/// A benchmark that could not run, with one line saying why.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    /// Creates an error with its message.
    init(_ description: String) {
        self.description = description
    }
}
