import Foundation
import RealtimeCore

/// Plain-text output for the non-interactive commands, always redacted of secrets.
enum Console {
    /// Writes a line to standard output.
    static func standardOutput(_ line: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((SecretRedactor.shared.redact(line) + "\n").utf8))
    }

    /// Writes a line to standard error.
    static func standardError(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((SecretRedactor.shared.redact(line) + "\n").utf8))
    }
}
