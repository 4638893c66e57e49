/// A key the person pressed, as the console understands it (the terminal layer decodes raw input into these).
public enum KeyEvent: Sendable, Hashable {
    /// A printable character, including space.
    case character(Character)
    /// Ctrl plus a letter (`control("u")` is Ctrl-U); Ctrl-C is `interrupt`.
    case control(Character)
    /// Ctrl-C: arrives as a key because the terminal runs in raw mode.
    case interrupt
    case enter
    case escape
    case tab
    case backTab
    case backspace
    case delete
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    /// A function key, F1…F12.
    case function(Int)
}
