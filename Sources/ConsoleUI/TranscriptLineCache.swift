import RealtimeCore
import Synchronization

/// The wrapped lines of transcript entries, kept between frames: an entry is laid out again only when it,
/// the width or the glyphs change, so that a frame late in a long call costs what one at its start does.
///
/// A model and its copies share one cache; the renderer runs on the UI thread, and the `Mutex` keeps any
/// other use safe.
final class TranscriptLineCache: Sendable {
    private struct Layout {
        var entry: ConversationEntry
        var width: Int
        var glyphs: GlyphSet
        var lines: [[StyledSpan]]
    }

    /// Entries kept at most; past that the cache starts again (only the entries on screen are laid out per
    /// frame, so it refills with those), and an hour-long call does not keep every entry's lines twice.
    static let capacity = 200

    private let layouts = Mutex<[String: Layout]>([:])

    /// The lines of `entry` at `width`: the cached ones if nothing they depend on changed, else `layOut()`.
    func lines(for entry: ConversationEntry, width: Int, glyphs: GlyphSet, layOut: () -> [[StyledSpan]]) -> [[StyledSpan]] {
        let cached = layouts.withLock { $0[entry.id] }
        if let cached, cached.width == width, cached.glyphs == glyphs, cached.entry == entry { return cached.lines }
        let lines = layOut()
        layouts.withLock { layouts in
            if layouts.count >= Self.capacity { layouts.removeAll() }
            layouts[entry.id] = Layout(entry: entry, width: width, glyphs: glyphs, lines: lines)
        }
        return lines
    }

    /// Drops the lines of an entry that left the transcript.
    func forget(_ id: String) {
        _ = layouts.withLock { $0.removeValue(forKey: id) }
    }
}
