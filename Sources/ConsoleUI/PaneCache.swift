/// Panes kept from the last full frame, copied into the next one instead of drawn again when what they
/// show has not changed.
///
/// The settings panel costs a fifth of a full frame and changes only with a setting, the selection, the
/// focus or the layout, while a streaming reply redraws the screen 15 times a second; those frames copy it.
public struct PaneCache: Sendable {
    /// Everything the settings panel is drawn from.
    private struct SettingsInputs: Equatable {
        var panel: ParameterPanel
        var glyphs: GlyphSet
        var focused: Bool
        var rect: Rect
    }

    private var settings: (inputs: SettingsInputs, cells: [Canvas.Cell])?

    /// An empty cache: the first frame draws everything.
    public init() {}

    /// Draws the settings panel into `rect`, or copies it from the last frame when its inputs are the same.
    mutating func drawSettings(_ model: ConsoleModel, in rect: Rect, focused: Bool, on canvas: inout Canvas) {
        let inputs = SettingsInputs(panel: model.parameters, glyphs: model.glyphs, focused: focused, rect: rect)
        if let settings, settings.inputs == inputs {
            canvas.paste(settings.cells, in: rect)
            return
        }
        SettingsView.draw(model, in: rect, focused: focused, on: &canvas)
        settings = (inputs, canvas.cells(in: rect))
    }
}
