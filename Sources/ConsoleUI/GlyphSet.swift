/// The symbols the console draws with: Unicode box drawing and blocks, or plain ASCII when the terminal
/// cannot show UTF-8.
public struct GlyphSet: Sendable, Equatable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    /// Partial blocks from one eighth to a full cell, for meters.
    public var eighths: [String]
    /// The empty part of a meter.
    public var meterTrack: String
    /// The peak-hold mark.
    public var peak: String
    /// The row cursor in lists.
    public var pointer: String
    public var bullet: String
    public var clientArrow: String
    public var serverArrow: String
    public var ellipsis: String
    /// The barge-in mark.
    public var cut: String
    /// A slot of the timeline where only the user spoke, only the assistant, or both.
    public var userSlot: String
    public var assistantSlot: String
    public var bothSlot: String
    public var emptySlot: String
    /// Separates items in bars.
    public var separator: String

    /// Unicode symbols (the default).
    public static let unicode = GlyphSet(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"], meterTrack: "·", peak: "│", pointer: "▸", bullet: "●",
        clientArrow: "→", serverArrow: "←", ellipsis: "…", cut: "✂", userSlot: "▄", assistantSlot: "▀", bothSlot: "█", emptySlot: "·",
        separator: "│")

    /// ASCII symbols for terminals without UTF-8.
    public static let ascii = GlyphSet(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        eighths: ["-", "-", "=", "=", "=", "#", "#", "#"], meterTrack: ".", peak: "|", pointer: ">", bullet: "*",
        clientArrow: ">", serverArrow: "<", ellipsis: "...", cut: "X", userSlot: "u", assistantSlot: "a", bothSlot: "#", emptySlot: ".",
        separator: "|")
}
