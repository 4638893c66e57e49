/// One word of a reply and when it is heard in the reply's audio.
struct SpokenWord: Sendable, Equatable {
    /// The word as written, with its punctuation.
    var text: String
    /// Where it starts in the audio, in ms.
    var startMs: Int
    /// Where it ends in the audio, in ms.
    var endMs: Int

    /// The words of `words` that count as heard when audio stops at `audioEndMs`: those at least half played.
    static func heard(_ words: [SpokenWord], before audioEndMs: Int) -> [SpokenWord] {
        words.filter { ($0.startMs + $0.endMs) / 2 <= audioEndMs }
    }

    /// Splits text into words at whitespace.
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Gives words times proportional to their length (plus a pause's worth each) across `range` ms.
    static func spread(_ words: [String], over range: Range<Int>) -> [SpokenWord] {
        let weights = words.map { $0.count + 2 }
        let total = max(1, weights.reduce(0, +))
        var result: [SpokenWord] = []
        var consumed = 0
        for (word, weight) in zip(words, weights) {
            let start = range.lowerBound + range.count * consumed / total
            consumed += weight
            let end = range.lowerBound + range.count * consumed / total
            result.append(SpokenWord(text: word, startMs: start, endMs: end))
        }
        return result
    }
}
