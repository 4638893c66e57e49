import Testing

@testable import ConsoleUI

@Suite struct DisplayWidthTests {
    @Test func countsColumnsLikeWcwidth() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
        #expect(DisplayWidth.of("\u{7}\u{1B}") == 0)
    }

    @Test func wideCharactersTakeTwoCellsAndCombiningMarksJoinTheirBase() {
        var canvas = Canvas(width: 10, height: 1)
        let used = canvas.write("a東e\u{301}🙂", x: 0, y: 0, style: CellStyle(.text))
        #expect(used == 6)
        #expect(canvas[1, 0].width == 2)
        #expect(canvas[2, 0].width == 0)
        #expect(canvas[3, 0].text == "e\u{301}")
        #expect(canvas[4, 0].text == "🙂")
        #expect(canvas.textLines == ["a東e\u{301}🙂"])
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.write("東京", x: 0, y: 0, style: CellStyle(.text))
        canvas.write("x", x: 1, y: 0, style: CellStyle(.text))
        #expect(canvas.textLines == [" x京"])
        canvas.write("y", x: 2, y: 0, style: CellStyle(.text))
        #expect(canvas.textLines == [" xy"])
    }

    @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
        var canvas = Canvas(width: 5, height: 1)
        let used = canvas.write("ab東京", x: 0, y: 0, style: CellStyle(.text), limit: 3)
        #expect(used == 3)
        #expect(canvas.textLines == ["ab"])
    }

    @Test func wrappingCountsDisplayColumns() {
        let lines = TextWrapper.wrap([StyledSpan("東京 大阪 名古屋 札幌", .text)], width: 9)
        #expect(lines.map { $0.map(\.text).joined() } == ["東京 大阪", "名古屋", "札幌"])
        #expect(lines.allSatisfy { DisplayWidth.of($0.map(\.text).joined()) <= 9 })
        #expect(TextWrapper.truncate("東京大阪", width: 5) == "東京…")
    }
}
