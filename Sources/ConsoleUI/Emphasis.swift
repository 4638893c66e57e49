/// Text attributes a terminal draws on top of colours.
public struct Emphasis: OptionSet, Hashable, Sendable, BitwiseCopyable {
    public let rawValue: UInt8

    /// Creates a set of attributes from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Emphasis(rawValue: 1 << 0)
    public static let dim = Emphasis(rawValue: 1 << 1)
    public static let underline = Emphasis(rawValue: 1 << 2)
    public static let reverse = Emphasis(rawValue: 1 << 3)
}
