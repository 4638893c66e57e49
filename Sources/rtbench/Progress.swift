import Foundation

/// Tells the person running the benchmark what is being measured, on standard error.
enum Progress {
    /// Writes one line, prefixed with "rtbench:".
    static func say(_ line: String) {
        FileHandle.standardError.write(Data("rtbench: \(line)\n".utf8))
    }
}
