/// One transcript delta of a GPT-Live session: the words that start in one 200 ms bucket of the timeline.
struct LiveTranscriptPiece: Sendable, Equatable {
    /// Milliseconds of timeline per bucket.
    static let bucketMilliseconds = 200

    /// The words, each with a leading space except the first word of the session's stream.
    var text: String
    /// The bucket's start on the session timeline, in ms.
    var startMs: Int
    /// The bucket's end on the session timeline, in ms.
    var endMs: Int

    /// The next piece of `words` (timed relative to `originMs`), starting at `index`: the words whose start falls
    /// in the bucket of the first one and before `cutMs`; nil when the next word does not start before `dueMs`
    /// and `cutMs`. The piece's first word has a leading space when `leadingSpace` (the stream already has words).
    ///
    /// - Returns: the piece and the index of the first word not in it.
    static func next(
        of words: [SpokenWord], from index: Int, originMs: Int, dueBefore dueMs: Int, cutMs: Int = .max, leadingSpace: Bool
    ) -> (LiveTranscriptPiece, Int)? {
        guard index < words.count, originMs + words[index].startMs < min(dueMs, cutMs) else { return nil }
        let bucket = (originMs + words[index].startMs) / bucketMilliseconds * bucketMilliseconds
        var text = ""
        var position = index
        while position < words.count {
            let startMs = originMs + words[position].startMs
            guard startMs < bucket + bucketMilliseconds, startMs < cutMs else { break }
            text += text.isEmpty && !leadingSpace ? words[position].text : " " + words[position].text
            position += 1
        }
        return (LiveTranscriptPiece(text: text, startMs: bucket, endMs: bucket + bucketMilliseconds), position)
    }

    /// All pieces of `words` timed relative to `originMs`; the first word has a leading space when `leadingSpace`.
    static func all(of words: [SpokenWord], originMs: Int, leadingSpace: Bool) -> [LiveTranscriptPiece] {
        var pieces: [LiveTranscriptPiece] = []
        var index = 0
        while let (piece, next) = next(of: words, from: index, originMs: originMs, dueBefore: .max, leadingSpace: leadingSpace || index > 0) {
            pieces.append(piece)
            index = next
        }
        return pieces
    }
}
