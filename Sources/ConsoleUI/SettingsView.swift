import Foundation
import RealtimeCore

/// The settings panel: one row per setting, its value (pending, not applicable or rejected), and a message
/// line for the selected row: the server's rejection, why a value was not sent, or how to change it.
enum SettingsView {
    /// Rows the panel wants: the settings, two message lines and the frame.
    static var preferredHeight: Int { ParameterField.realtimeFields.count + 4 }

    /// Columns of the labels.
    static let labelWidth = 17

    static func draw(_ model: ConsoleModel, in rect: Rect, focused: Bool, on canvas: inout Canvas) {
        let panel = model.parameters
        let g = model.glyphs
        var detail = ""
        if panel.sendAt != nil {
            detail = "sending\(g.ellipsis)"
        } else if panel.awaitingServer {
            detail = "waiting for the server\(g.ellipsis)"
        }
        let inner = PaneFrame.draw(rect, title: "Settings", detail: detail, focused: focused, glyphs: g, on: &canvas)
        guard inner.height > 0, inner.width > 8 else { return }
        let messageRows = inner.height >= 8 ? 2 : inner.height > 3 ? 1 : 0
        let listRows = inner.height - messageRows
        let fields = panel.fields
        let selected = fields.firstIndex(of: panel.selected) ?? 0
        let first = max(0, min(selected - listRows + 1, fields.count - listRows))
        for (row, field) in fields.dropFirst(first).prefix(listRows).enumerated() {
            drawRow(field, model: model, focused: focused, in: inner.row(row), on: &canvas)
        }
        guard messageRows > 0 else { return }
        let (text, role) = message(for: panel.selected, model: model)
        let lines = TextWrapper.wrap([StyledSpan(text, role)], width: inner.width, maxLines: messageRows, ellipsis: g.ellipsis)
        for (index, line) in lines.enumerated() {
            canvas.write(line, x: inner.x, y: inner.y + listRows + index, limit: inner.width)
        }
    }

    private static func drawRow(_ field: ParameterField, model: ConsoleModel, focused: Bool, in row: Rect, on canvas: inout Canvas) {
        let panel = model.parameters
        let isSelected = panel.selected == field
        let pointer = isSelected ? model.glyphs.pointer : " "
        canvas.write(pointer, x: row.x, y: row.y, style: CellStyle(isSelected && focused ? .borderFocused : .muted))
        canvas.write(field.title, x: row.x + 1, y: row.y, style: CellStyle(.muted), limit: labelWidth - 1)
        let valueRole: StyleRole
        if panel.messages[field]?.level == .error {
            valueRole = .error
        } else if panel.inapplicableReason(field) != nil {
            valueRole = .disabled
        } else if panel.isPending(field) {
            valueRole = .pending
        } else {
            valueRole = .value
        }
        let valueWidth = row.width - labelWidth - 1
        var value = String(panel.displayValue(field).map { $0.isNewline ? " " : $0 })
        if panel.isPending(field) { value += " " + model.glyphs.bullet }
        canvas.write(
            TextWrapper.truncate(value, width: valueWidth, ellipsis: model.glyphs.ellipsis), x: row.x + labelWidth, y: row.y,
            style: CellStyle(valueRole), limit: valueWidth)
        if isSelected, focused { canvas.restyle(Rect(x: row.x + 1, y: row.y, width: labelWidth - 1, height: 1), CellStyle(.selection)) }
    }

    /// The message line for a field: a message from the server or the session, a reason it cannot change, the state of a change, or help.
    static func message(for field: ParameterField, model: ConsoleModel) -> (String, StyleRole) {
        let panel = model.parameters
        if let message = panel.messages[field] {
            let role: StyleRole =
                switch message.level {
                case .error: .error
                case .warning: .warning
                case .info: .info
                }
            return ("\(field.title): \(message.text)", role)
        }
        if let reason = panel.inapplicableReason(field) { return ("\(field.title): \(reason)", .info) }
        if panel.isPending(field) {
            if panel.sendAt != nil {
                return ("\(field.title): changed; sent to the server 0.4 s after your last change", .pending)
            }
            return ("\(field.title): sent; waiting for the server to confirm", .pending)
        }
        return (field.help, .muted)
    }
}
