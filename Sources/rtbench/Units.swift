import Foundation

/// How figures are written in tables: times with their unit, sizes in MiB, shares in percent.
enum Units {
    /// A time given in nanoseconds, e.g. "850 ns", "3.21 µs", "1.20 ms", "2.50 s".
    static func time(nanoseconds ns: Double) -> String {
        switch abs(ns) {
        case ..<1_000: String(format: "%.0f ns", ns)
        case ..<1_000_000: String(format: "%.2f µs", ns / 1_000)
        case ..<1_000_000_000: String(format: "%.2f ms", ns / 1_000_000)
        default: String(format: "%.2f s", ns / 1_000_000_000)
        }
    }

    /// A time given in milliseconds.
    static func time(milliseconds ms: Double) -> String {
        time(nanoseconds: ms * 1_000_000)
    }

    /// Bytes as MiB with one decimal, e.g. "23.4 MiB".
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// A percentage with two decimals, e.g. "0.42 %".
    static func percent(_ value: Double) -> String {
        String(format: "%.2f %%", value)
    }

    /// A number with a fixed count of decimals.
    static func number(_ value: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
