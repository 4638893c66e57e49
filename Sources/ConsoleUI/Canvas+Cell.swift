extension Canvas {
    /// One cell of the grid.
    ///
    /// A plain value with its scalars stored inline and no references, so copying, comparing and dropping
    /// a frame's cells needs no reference counting: the console does all three up to 30 times a second.
    public struct Cell: Sendable, Equatable, BitwiseCopyable {
        /// The most scalars a cell keeps: a character and up to four joined to it, as many as curses draws
        /// in one cell (`CCHARW_MAX`). Further joined scalars are dropped.
        public static let scalarLimit = 5

        /// The scalar values, unused places zero (no scalar stored here is U+0000: it is a control character).
        private var scalars: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0)
        private var columns: UInt8
        /// How the cell is drawn.
        public var style: CellStyle

        /// Creates a cell from the scalars of `text` (at most ``scalarLimit``).
        ///
        /// - Parameter width: columns the text takes: 1 or 2, and 0 for the right half of a wide character.
        public init(text: String, style: CellStyle, width: Int) {
            self.style = style
            columns = UInt8(clamping: width)
            for scalar in text.unicodeScalars.prefix(Self.scalarLimit) { join(scalar) }
        }

        /// Creates a cell showing one scalar that takes `width` columns.
        init(scalar: Unicode.Scalar, style: CellStyle, width: Int) {
            self.style = style
            columns = UInt8(clamping: width)
            scalars.0 = scalar.value
        }

        /// A space in a style.
        public static func blank(_ style: CellStyle) -> Cell { Cell(scalar: " ", style: style, width: 1) }

        /// The right half of a wide character: no text, no width.
        static func continuation(_ style: CellStyle) -> Cell { Cell(text: "", style: style, width: 0) }

        /// Columns the text takes: 1 or 2, and 0 for the right half of a wide character.
        public var width: Int { Int(columns) }

        /// The scalar drawn here plus any zero-width scalars joined to it; empty for a continuation cell.
        public var text: String {
            var text = String.UnicodeScalarView()
            withUnsafeBytes(of: scalars) { bytes in
                for value in bytes.bindMemory(to: UInt32.self) where value != 0 {
                    if let scalar = Unicode.Scalar(value) { text.append(scalar) }
                }
            }
            return String(text)
        }

        /// Joins a zero-width scalar (a combining mark, a joiner, a variation selector) to the cell's text,
        /// unless the cell holds ``scalarLimit`` scalars already.
        mutating func join(_ scalar: Unicode.Scalar) {
            withUnsafeMutableBytes(of: &scalars) { bytes in
                let values = bytes.bindMemory(to: UInt32.self)
                if let free = values.firstIndex(of: 0) { values[free] = scalar.value }
            }
        }

        /// Calls `body` with the text as a zero-terminated string of scalar values, a space when the cell
        /// has no text: what curses' `setcchar` takes, without allocating.
        public func withTerminatedScalars<Result>(_ body: (UnsafePointer<UInt32>) -> Result) -> Result {
            var terminated = (scalars.0 == 0 ? 32 : scalars.0, scalars.1, scalars.2, scalars.3, scalars.4, UInt32(0))
            return withUnsafePointer(to: &terminated) { tuple in
                tuple.withMemoryRebound(to: UInt32.self, capacity: Self.scalarLimit + 1, body)
            }
        }

        public static func == (left: Cell, right: Cell) -> Bool {
            left.scalars.0 == right.scalars.0 && left.scalars.1 == right.scalars.1 && left.scalars.2 == right.scalars.2
                && left.scalars.3 == right.scalars.3 && left.scalars.4 == right.scalars.4
                && left.columns == right.columns && left.style == right.style
        }
    }
}
