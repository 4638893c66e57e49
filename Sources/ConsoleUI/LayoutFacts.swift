/// What the last frame's layout found out, fed back so keys can page and clamp correctly.
public struct LayoutFacts: Sendable, Equatable {
    /// Rows of transcript text that fit in the transcript pane.
    public var transcriptRows = 0
    /// The largest useful scroll-back offset, once the renderer reached the top of the transcript.
    public var transcriptMaxOffset: Int?
    /// Rows of the event list that fit in the events pane.
    public var eventRows = 0
    /// Lines of the open overlay (the key help or an expanded event) and the rows of them that fit in its box.
    public var overlayLines = 0
    public var overlayRows = 0
    /// Where the meters are, nil when the screen is too small for them.
    public var meters: Rect?

    /// Creates facts for an empty layout.
    public init() {}
}
