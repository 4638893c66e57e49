/// A grid of styled character cells: what one frame of the console looks like, without any terminal.
///
/// Text is placed by display width: a CJK ideograph or an emoji takes two cells, the second of which is a
/// continuation cell (width 0, no text); combining marks join the cell before them. Writing over half of
/// a wide character blanks its other half, so a row never holds a broken character.
public struct Canvas: Sendable, Equatable {
    /// A cell position.
    public struct Position: Sendable, Equatable {
        public var x: Int
        public var y: Int

        /// Creates a position.
        public init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }
    }

    public let width: Int
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should show (while typing), or nil to hide it.
    public var cursor: Position?

    /// Creates a canvas of blank cells.
    public init(width: Int, height: Int, style: CellStyle = CellStyle(.text)) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    /// The cell at a position (which must be inside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Fills a rectangle with blanks.
    public mutating func fill(_ rect: Rect, style: CellStyle) {
        let area = clip(rect)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { place(.blank(style), x: x, y: y) }
        }
    }

    /// Adds attributes to every cell of a rectangle (to highlight a selected row).
    public mutating func emphasize(_ rect: Rect, _ emphasis: Emphasis) {
        let area = clip(rect)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].style.emphasis.formUnion(emphasis) }
        }
    }

    /// Changes the role of every cell of a rectangle, keeping its text.
    public mutating func restyle(_ rect: Rect, _ style: CellStyle) {
        let area = clip(rect)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].style = style }
        }
    }

    /// Writes text on one row, starting at column `x`, never past `limit` columns (nor the canvas edge).
    ///
    /// Control characters are drawn as spaces. A wide character that would not fit whole is left out and
    /// its room padded with a space.
    ///
    /// - Returns: the columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        var lastPlaced: Int?
        for scalar in text.unicodeScalars {
            if DisplayWidth.isControl(scalar) {
                guard column < end else { break }
                if column >= 0 { place(.blank(style), x: column, y: y) }
                lastPlaced = nil
                column += 1
                continue
            }
            let columns = DisplayWidth.of(scalar)
            if columns == 0 {
                if let index = lastPlaced { cells[index].join(scalar) }
                continue
            }
            if column + columns > end {
                if column < end, column >= 0 { place(.blank(style), x: column, y: y) }
                column = end
                break
            }
            if column >= 0 {
                place(Cell(scalar: scalar, style: style, width: columns), x: column, y: y)
                lastPlaced = y * width + column
            } else {
                lastPlaced = nil
            }
            column += columns
        }
        return max(0, column - max(x, 0))
    }

    /// Writes text right-aligned so that it ends just before column `endX`.
    ///
    /// - Returns: the column where the text starts.
    @discardableResult
    public mutating func writeRightAligned(_ text: String, endX: Int, y: Int, style: CellStyle) -> Int {
        let start = endX - DisplayWidth.of(text)
        write(text, x: start, y: y, style: style, limit: endX - start)
        return start
    }

    /// The cells of a rectangle (clipped to the canvas), row by row.
    public func cells(in rect: Rect) -> [Cell] {
        let area = clip(rect)
        var block: [Cell] = []
        block.reserveCapacity(area.width * area.height)
        for y in area.y..<area.maxY { block += cells[y * width + area.x..<y * width + area.maxX] }
        return block
    }

    /// Puts back cells that ``cells(in:)`` took from a rectangle of the same place and size.
    public mutating func paste(_ block: [Cell], in rect: Rect) {
        let area = clip(rect)
        guard block.count == area.width * area.height else { return }
        for row in 0..<area.height {
            let start = (area.y + row) * width + area.x
            cells.replaceSubrange(start..<start + area.width, with: block[row * area.width..<(row + 1) * area.width])
        }
    }

    /// The rows as plain text, without trailing spaces (for tests and snapshots).
    public var textLines: [String] {
        (0..<height).map { row in
            var line = ""
            for x in 0..<width where cells[row * width + x].width > 0 { line += cells[row * width + x].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The whole canvas as text, one line per row.
    public var text: String { textLines.joined(separator: "\n") }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x)
        let y0 = max(0, rect.y)
        return Rect(x: x0, y: y0, width: min(width, rect.maxX) - x0, height: min(height, rect.maxY) - y0)
    }

    /// Puts a cell, repairing any wide character it cuts in half.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        breakWide(at: index, x: x)
        if cell.width == 2 {
            guard x + 1 < width else {
                cells[index] = .blank(cell.style)
                return
            }
            breakWide(at: index + 1, x: x + 1)
            cells[index] = cell
            cells[index + 1] = .continuation(cell.style)
        } else {
            cells[index] = cell
        }
    }

    /// Blanks the other half of a wide character that occupies `index`.
    private mutating func breakWide(at index: Int, x: Int) {
        switch cells[index].width {
        case 0 where x > 0:
            cells[index - 1] = .blank(cells[index - 1].style)
            cells[index] = .blank(cells[index].style)
        case 2 where x + 1 < width:
            cells[index + 1] = .blank(cells[index + 1].style)
        default:
            break
        }
    }
}
