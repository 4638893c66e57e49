import Foundation

/// Number and time formats shared by the widgets.
enum Format {
    /// `mm:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let minutesAndSeconds = padded(s / 60 % 60, width: 2, with: "0") + ":" + padded(s % 60, width: 2, with: "0")
        return s >= 3600 ? "\(s / 3600):" + minutesAndSeconds : minutesAndSeconds
    }

    /// `mm:ss.mmm` of an interval.
    static func preciseClock(_ interval: TimeInterval) -> String {
        let ms = max(0, Int((interval * 1000).rounded()))
        return padded(ms / 60_000, width: 2, with: "0") + ":" + padded(ms / 1000 % 60, width: 2, with: "0") + "."
            + padded(ms % 1000, width: 3, with: "0")
    }

    /// `value` with `decimals` digits after the point, right-aligned in `width` characters: what
    /// `String(format: "%*.*f")` gives (except that a value that rounds to zero has no minus sign), at a
    /// fraction of its cost; the meters and panels draw these every frame.
    static func fixed(_ value: Double, decimals: Int, width: Int = 0) -> String {
        guard value.isFinite else { return padded(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf", width: width) }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < Double(Int.max / 10) else { return padded("\(value)", width: width) }
        let units = Int(scaled)
        var text = "\(units / scale)"
        if decimals > 0 { text += "." + padded(units % scale, width: decimals, with: "0") }
        if value < 0, units > 0 { text = "-" + text }
        return padded(text, width: width)
    }

    /// `value` in decimal, padded on the left with `fill` to `width` characters, without the cost of
    /// `String(format:)` (the clocks are drawn every frame).
    private static func padded(_ value: Int, width: Int, with fill: Character) -> String {
        let digits = "\(value)"
        return digits.count >= width ? digits : String(repeating: fill, count: width - digits.count) + digits
    }

    /// `text` padded on the left with spaces to `width` characters.
    private static func padded(_ text: String, width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
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
        default: fixed(Double(value) / 1_048_576, decimals: 1) + " MB"
        }
    }

    /// US dollars with four decimals.
    static func dollars(_ value: Double) -> String {
        "$" + fixed(value, decimals: 4)
    }
}
