import ConsoleUI

/// The themes shipped in the package's `themes/` folder, compiled in so the binary needs no files beside it.
///
/// Each text is identical to `themes/NAME.toml` (a test compares them).
enum BuiltinThemes {
    /// The shipped themes as (name, TOML text), the default first.
    static let all: [(name: String, text: String)] = [
        (
            "dark",
            #"""
            # rtconsole theme "dark": the default, for terminals with a dark background.
            # Colours: default, a name (red, bright-blue, grey…), 0…255, #rrggbb, or a [palette] name.
            # fg16/bg16 replace fg/bg on terminals with 8 or 16 colours.
            name = "dark"
            description = "Light text on a dark background (the default)"

            [palette]
            accent = "#5fafff"
            gold = "#ffd75f"

            [styles]
            text = { fg = "default" }
            muted = { fg = 245, fg16 = "white" }
            border = { fg = 240, fg16 = "white" }
            border_focused = { fg = "accent", fg16 = "bright-cyan", bold = true }
            title = { fg = 252, bold = true }
            header = { fg = 255, bg = 24, fg16 = "bright-white", bg16 = "blue" }
            header_accent = { fg = 229, bg = 24, fg16 = "bright-yellow", bg16 = "blue", bold = true }
            simulator = { fg = 214, fg16 = "yellow" }
            user = { fg = 117, fg16 = "bright-cyan" }
            assistant = { fg = 156, fg16 = "bright-green" }
            partial = { fg = 248, fg16 = "white", dim = true }
            tool = { fg = 180, fg16 = "magenta" }
            interrupted = { fg = 209, fg16 = "bright-red", bold = true }
            selection = { fg = 255, bg = 238, fg16 = "bright-white", bg16 = "blue" }
            value = { fg = "gold", fg16 = "bright-yellow" }
            pending = { fg = 214, fg16 = "yellow", underline = true }
            disabled = { fg = 242, fg16 = "white", dim = true }
            ok = { fg = 114, fg16 = "green" }
            info = { fg = 111, fg16 = "cyan" }
            warning = { fg = 214, fg16 = "yellow", bold = true }
            error = { fg = 203, fg16 = "bright-red", bold = true }
            meter_track = { fg = 237, fg16 = "white", dim = true }
            meter_low = { fg = 71, fg16 = "green" }
            meter_mid = { fg = 178, fg16 = "yellow" }
            meter_high = { fg = 196, fg16 = "bright-red" }
            meter_peak = { fg = 231, fg16 = "bright-white", bold = true }
            speaking = { fg = 120, fg16 = "bright-green", bold = true }
            barge_in = { fg = 203, fg16 = "bright-red", bold = true }
            status_bar = { fg = 252, bg = 236, fg16 = "black", bg16 = "white" }
            footer = { fg = 246, fg16 = "white" }
            key = { fg = "accent", fg16 = "bright-cyan", bold = true }
            event_client = { fg = 180, fg16 = "magenta" }
            event_server = { fg = 111, fg16 = "cyan" }
            overlay = { fg = 253, bg = 235, fg16 = "bright-white", bg16 = "black" }
            input = { fg = 255, bg = 237, fg16 = "bright-white", bg16 = "blue" }

            """#
        ),
        (
            "light",
            #"""
            # rtconsole theme "light": for terminals with a light background.
            # Colours: default, a name (red, bright-blue, grey…), 0…255, #rrggbb, or a [palette] name.
            # fg16/bg16 replace fg/bg on terminals with 8 or 16 colours.
            name = "light"
            description = "Dark text on a light background"

            [palette]
            ink = "#1c1c1c"
            accent = "#005faf"

            [styles]
            text = { fg = "default" }
            muted = { fg = 242, fg16 = "black" }
            border = { fg = 248, fg16 = "black" }
            border_focused = { fg = "accent", fg16 = "blue", bold = true }
            title = { fg = "ink", fg16 = "black", bold = true }
            header = { fg = 231, bg = 25, fg16 = "bright-white", bg16 = "blue" }
            header_accent = { fg = 230, bg = 25, fg16 = "bright-yellow", bg16 = "blue", bold = true }
            simulator = { fg = 130, fg16 = "red" }
            user = { fg = 25, fg16 = "blue" }
            assistant = { fg = 28, fg16 = "green" }
            partial = { fg = 244, fg16 = "black", dim = true }
            tool = { fg = 90, fg16 = "magenta" }
            interrupted = { fg = 160, fg16 = "red", bold = true }
            selection = { fg = "ink", bg = 153, fg16 = "black", bg16 = "cyan" }
            value = { fg = 94, fg16 = "black", bold = true }
            pending = { fg = 166, fg16 = "red", underline = true }
            disabled = { fg = 248, fg16 = "black", dim = true }
            ok = { fg = 28, fg16 = "green" }
            info = { fg = 25, fg16 = "blue" }
            warning = { fg = 166, fg16 = "red", bold = true }
            error = { fg = 160, fg16 = "red", bold = true }
            meter_track = { fg = 252, fg16 = "black", dim = true }
            meter_low = { fg = 34, fg16 = "green" }
            meter_mid = { fg = 172, fg16 = "yellow" }
            meter_high = { fg = 160, fg16 = "red" }
            meter_peak = { fg = "ink", fg16 = "black", bold = true }
            speaking = { fg = 28, fg16 = "green", bold = true }
            barge_in = { fg = 160, fg16 = "red", bold = true }
            status_bar = { fg = "ink", bg = 253, fg16 = "bright-white", bg16 = "black" }
            footer = { fg = 240, fg16 = "black" }
            key = { fg = "accent", fg16 = "blue", bold = true }
            event_client = { fg = 90, fg16 = "magenta" }
            event_server = { fg = 25, fg16 = "blue" }
            overlay = { fg = "ink", bg = 255, fg16 = "black", bg16 = "white" }
            input = { fg = "ink", bg = 254, fg16 = "black", bg16 = "cyan" }

            """#
        ),
        (
            "high-contrast",
            #"""
            # rtconsole theme "high-contrast": bright base colours and bold text, the same on 8, 16 and 256 colours.
            # Colours: default, a name (red, bright-blue, grey…), 0…255, #rrggbb, or a [palette] name.
            name = "high-contrast"
            description = "Bright colours and bold text for low vision or bright rooms"

            [styles]
            text = { fg = "bright-white" }
            muted = { fg = "white" }
            border = { fg = "white" }
            border_focused = { fg = "bright-yellow", bold = true }
            title = { fg = "bright-white", bold = true }
            header = { fg = "black", bg = "bright-yellow", bold = true }
            header_accent = { fg = "black", bg = "bright-yellow", bold = true, underline = true }
            simulator = { fg = "black", bg = "bright-cyan", bold = true }
            user = { fg = "bright-cyan", bold = true }
            assistant = { fg = "bright-green", bold = true }
            partial = { fg = "white", underline = true }
            tool = { fg = "bright-magenta", bold = true }
            interrupted = { fg = "bright-red", bold = true, reverse = true }
            selection = { fg = "black", bg = "bright-white", bold = true }
            value = { fg = "bright-yellow", bold = true }
            pending = { fg = "bright-magenta", bold = true, underline = true }
            disabled = { fg = "white" }
            ok = { fg = "bright-green", bold = true }
            info = { fg = "bright-cyan", bold = true }
            warning = { fg = "bright-yellow", bold = true }
            error = { fg = "bright-white", bg = "red", bold = true }
            meter_track = { fg = "white" }
            meter_low = { fg = "bright-green", bold = true }
            meter_mid = { fg = "bright-yellow", bold = true }
            meter_high = { fg = "bright-red", bold = true }
            meter_peak = { fg = "bright-white", bold = true }
            speaking = { fg = "black", bg = "bright-green", bold = true }
            barge_in = { fg = "bright-white", bg = "red", bold = true }
            status_bar = { fg = "black", bg = "bright-white", bold = true }
            footer = { fg = "bright-white" }
            key = { fg = "bright-yellow", bold = true, underline = true }
            event_client = { fg = "bright-magenta", bold = true }
            event_server = { fg = "bright-cyan", bold = true }
            overlay = { fg = "bright-white", bg = "black" }
            input = { fg = "black", bg = "bright-white", bold = true }

            """#
        ),
        (
            "mono",
            #"""
            # rtconsole theme "mono": no colours, only bold, dim, underline and reverse.
            # Used when NO_COLOR is set or the terminal has no colours.
            name = "mono"
            description = "No colours: bold, dim, underline and reverse only"

            [styles]
            text = {}
            muted = { dim = true }
            border = { dim = true }
            border_focused = { bold = true }
            title = { bold = true }
            header = { reverse = true }
            header_accent = { reverse = true, bold = true }
            simulator = { bold = true, underline = true }
            user = { bold = true }
            assistant = {}
            partial = { dim = true }
            tool = { underline = true }
            interrupted = { bold = true, underline = true }
            selection = { reverse = true }
            value = { bold = true }
            pending = { underline = true }
            disabled = { dim = true }
            ok = { bold = true }
            info = {}
            warning = { bold = true }
            error = { bold = true, reverse = true }
            meter_track = { dim = true }
            meter_low = {}
            meter_mid = { bold = true }
            meter_high = { bold = true, reverse = true }
            meter_peak = { bold = true }
            speaking = { bold = true, reverse = true }
            barge_in = { bold = true, reverse = true }
            status_bar = { reverse = true }
            footer = {}
            key = { bold = true }
            event_client = {}
            event_server = { bold = true }
            overlay = {}
            input = { underline = true }

            """#
        ),
    ]
}
