import Foundation

/// A colour in a theme: the terminal's own, one of the 256 indexed colours, or an RGB value.
///
/// Terminals with fewer colours get the nearest one they have (`terminalIndex(colorCount:)`).
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's default foreground or background.
    case terminalDefault
    /// An xterm palette index, 0…255 (0–7 normal, 8–15 bright, 16–231 a 6×6×6 cube, 232–255 greys).
    case indexed(Int)
    /// A 24-bit colour, shown as the nearest palette colour.
    case rgb(red: Int, green: Int, blue: Int)

    /// The names a theme file may use for the 16 base colours, in palette order.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Reads a colour name (`default`, `red`, `bright-blue`, `grey`), or `#rrggbb`.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "default" || key == "none" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: key) {
            self = .indexed(index)
        } else if key == "gray" || key == "grey" {
            self = .indexed(8)
        } else if key.hasPrefix("#"), key.count == 7, let value = Int(key.dropFirst(), radix: 16) {
            self = .rgb(red: value >> 16 & 0xFF, green: value >> 8 & 0xFF, blue: value & 0xFF)
        } else {
            return nil
        }
    }

    /// The colour number to give curses on a terminal with `colorCount` colours; -1 for the terminal's default.
    public func terminalIndex(colorCount: Int) -> Int {
        switch self {
        case .terminalDefault:
            return -1
        case .indexed(let index) where index < min(colorCount, 256):
            return index
        case .indexed(let index):
            return ColorPalette.nearest(to: ColorPalette.rgb(ofIndex: index), among: min(colorCount, 256))
        case .rgb(let red, let green, let blue):
            return ColorPalette.nearest(to: (red, green, blue), among: min(colorCount, 256))
        }
    }
}
