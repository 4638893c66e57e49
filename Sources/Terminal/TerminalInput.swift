import ConsoleUI

/// What one read of the keyboard produced.
enum TerminalInput: Equatable {
    /// A key.
    case key(KeyEvent)
    /// The terminal was resized (ncurses has already resized its screen).
    case resize(width: Int, height: Int)
}
