import Foundation

/// Number and time formats shared by the widgets.
enum Format {
    /// `mm:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let minutesAndSeconds = twoDigits(s / 60 % 60) + ":" + twoDigits(s % 60)
        return s >= 3600 ? "\(s / 3600):" + minutesAndSeconds : minutesAndSeconds
    }

    /// A number below 100 with a leading zero, without the cost of `String(format:)` (called every frame).
    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// `mm:ss.mmm` of an interval.
    static func preciseClock(_ interval: TimeInterval) -> String {
        let ms = max(0, Int((interval * 1000).rounded()))
        return String(format: "%02d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000)
    }

    /// Milliseconds of a duration.
    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// A count with thousands separators (`12,345`).
    static func count(_ value: Int) -> String {
        var digits = String(abs(value))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// Bytes as `512 B`, `12 KB`, `3.4 MB`.
    static func bytes(_ value: Int) -> String {
        switch value {
        case ..<1024: "\(value) B"
        case ..<(1024 * 1024): "\(value / 1024) KB"
        default: String(format: "%.1f MB", Double(value) / 1_048_576)
        }
    }

    /// US dollars with four decimals.
    static func dollars(_ value: Double) -> String {
        String(format: "$%.4f", value)
    }
}
