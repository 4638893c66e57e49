import CNcurses
import ConsoleUI

/// The curses colour pairs and attributes of a theme on this terminal.
///
/// One pair per distinct (foreground, background) of the theme's roles, numbered from 1, never above 255
/// (so `COLOR_PAIR(n)` fits in the attribute bits). Without colours, or with too few pairs, only the
/// attributes are used.
struct ColorScheme {
    /// A role's drawing: its colour pair and attributes.
    struct Look {
        var pair: Int16
        var attributes: attr_t
    }

    private var looks: [StyleRole: Look] = [:]
    /// True when colours are in use.
    let usesColor: Bool

    /// Sets up the pairs for a theme. Call after `start_color()`, on the curses thread.
    init(theme: Theme, colorCount: Int, pairLimit: Int, defaultColors: Bool) {
        var pairs: [String: Int16] = [:]
        var wanted: [(StyleRole, Int, Int)] = []
        for role in StyleRole.allCases {
            var (fg, bg) = theme.style(role).terminalColors(colorCount: colorCount)
            if !defaultColors {
                if fg < 0 { fg = Int(COLOR_WHITE) }
                if bg < 0 { bg = Int(COLOR_BLACK) }
            }
            wanted.append((role, fg, bg))
        }
        let distinct = Set(wanted.map { "\($0.1),\($0.2)" }).count
        usesColor = colorCount >= 8 && distinct < min(pairLimit, 256)
        for (role, fg, bg) in wanted {
            var pair: Int16 = 0
            if usesColor, fg >= 0 || bg >= 0 {
                let key = "\(fg),\(bg)"
                if let existing = pairs[key] {
                    pair = existing
                } else {
                    pair = Int16(pairs.count + 1)
                    pairs[key] = pair
                    init_pair(pair, Int16(fg), Int16(bg))
                }
            }
            looks[role] = Look(pair: pair, attributes: Self.attributes(theme.style(role).emphasis))
        }
    }

    /// How to draw a cell style.
    func look(_ style: CellStyle) -> Look {
        var look = looks[style.role] ?? Look(pair: 0, attributes: rt_a_normal())
        look.attributes |= Self.attributes(style.emphasis)
        return look
    }

    private static func attributes(_ emphasis: Emphasis) -> attr_t {
        var value = rt_a_normal()
        if emphasis.contains(.bold) { value |= rt_a_bold() }
        if emphasis.contains(.dim) { value |= rt_a_dim() }
        if emphasis.contains(.underline) { value |= rt_a_underline() }
        if emphasis.contains(.reverse) { value |= rt_a_reverse() }
        return value
    }
}
