import Foundation
import RealtimeCore

extension ConsoleModel {
    /// Applies a key: the text editor first, then an open overlay, then the global keys, then the focused pane.
    mutating func press(_ key: KeyEvent) -> [ConsoleEffect] {
        if key == .interrupt { return quit("Ctrl-C") }
        if quitting { return [] }
        if textEntry != nil { return typeKey(key) }
        if let overlay { return overlayKey(key, overlay) }
        switch key {
        case .character("q"), .character("Q"):
            return quit("quitting")
        case .character("?"), .function(1):
            overlay = .help(scroll: 0)
        case .character("n"):
            overlay = .messages(scroll: .max)
        case .tab:
            focus = focus.next(1)
        case .backTab:
            focus = focus.next(-1)
        case .character("i") where call.api == .live:
            post(Notice(.info, "GPT-Live has no interrupt key: the model stops on its own when you talk over it"))
        case .character("i"):
            return [.interrupt]
        case .character("m"):
            return toggleMute()
        case .character("["):
            return changeVolume(by: -0.1)
        case .character("]"):
            return changeVolume(by: 0.1)
        case .character("t") where call.api == .live:
            post(
                Notice(.info, "GPT-Live takes speech only: there is no typed message; to steer the model, use Add to instr. in the settings (Tab)"))
        case .character("t"):
            textEntry = TextEntry(purpose: .message)
        case .character("e"):
            return [.exportTranscript]
        case .character("r"):
            guard case .closed = connection else {
                post(Notice(.info, "r reconnects once the call has closed; it is \(connection) now"))
                return []
            }
            return [.reconnect]
        case .character(" "):
            return pushToTalkPressed()
        default:
            return paneKey(key)
        }
        return []
    }

    private mutating func toggleMute() -> [ConsoleEffect] {
        guard audio.isLive else {
            post(Notice(.warning, "there is no microphone to mute: \(audioReason)"))
            return []
        }
        muted.toggle()
        return [.setMuted(muted)]
    }

    private mutating func changeVolume(by step: Double) -> [ConsoleEffect] {
        guard audio.isLive else {
            post(Notice(.warning, "there is no speaker to turn up or down: \(audioReason)"))
            return []
        }
        volume = min(1.5, max(0, ((volume + step) * 10).rounded() / 10))
        return [.setVolume(volume)]
    }

    private mutating func pushToTalkPressed() -> [ConsoleEffect] {
        guard call.api == .realtime else {
            post(Notice(.info, "GPT-Live has no push-to-talk: the microphone always streams and the model decides turns; m mutes"))
            return []
        }
        guard audio.isLive else {
            post(Notice(.warning, "push-to-talk needs the microphone: \(audioReason); press t to type instead"))
            return []
        }
        switch pushToTalk.press(at: now) {
        case true?: return [.beginPushToTalk]
        case false?: return [.endPushToTalk]
        case nil: return []
        }
    }

    private var audioReason: String {
        switch audio {
        case .live: "audio is live"
        case .off(let reason), .interrupted(let reason), .speakerOnly(let reason): reason
        }
    }

    // MARK: Typing

    private mutating func typeKey(_ key: KeyEvent) -> [ConsoleEffect] {
        guard var entry = textEntry else { return [] }
        switch key {
        case .enter:
            textEntry = nil
            return commit(entry)
        case .escape:
            textEntry = nil
            if entry.purpose == .eventFilter { events.filter = "" }
        case .tab, .backTab, .up, .down, .pageUp, .pageDown, .function:
            break
        default:
            guard entry.edit(key) else { return [] }
            textEntry = entry
            if entry.purpose == .eventFilter { events.filter = entry.text }
        }
        return []
    }

    private mutating func commit(_ entry: TextEntry) -> [ConsoleEffect] {
        switch entry.purpose {
        case .message:
            let text = entry.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            transcriptScroll = 0
            guard connection.isConnected else {
                pendingMessage = text
                let hint = if case .closed = connection { "; press r to reconnect" } else { "" }
                post(Notice(.warning, "not connected (\(connection)): your message is kept and sent when the call is back\(hint)"))
                return []
            }
            return [.sendText(text)]
        case .parameter(.addInstructions):
            let text = entry.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            parameters.note(.addInstructions, .info, "added: \(text)")
            return [.appendInstructions(text)]
        case .parameter(.backendModel):
            guard let delegation = parameters.backendWithModel(entry.text) else { return [] }
            parameters.note(.backendModel, .info, "sent; waiting for the server to confirm")
            return [.updateDelegation(delegation)]
        case .parameter(let field):
            _ = parameters.setText(field, entry.text, now: now)
        case .eventFilter:
            events.filter = entry.text
        }
        return []
    }

    // MARK: Overlays

    private mutating func overlayKey(_ key: KeyEvent, _ open: Overlay) -> [ConsoleEffect] {
        switch open {
        case .help(let scroll):
            overlay = overlayScroll(scroll, by: key).map { .help(scroll: $0) }
        case .messages(let scroll):
            overlay = overlayScroll(scroll, by: key).map { .messages(scroll: $0) }
        case .eventDetail(let rowID, let scroll):
            overlay = overlayScroll(scroll, by: key).map { .eventDetail(rowID: rowID, scroll: $0) }
        }
        return []
    }

    /// Where a scrolling key moves an overlay that is scrolled by `scroll` lines (`.max`: at its end), within
    /// what the last frame showed; nil for any other key, which closes the overlay.
    private func overlayScroll(_ scroll: Int, by key: KeyEvent) -> Int? {
        let page = max(1, layout.overlayRows - 1)
        let maximum = max(0, layout.overlayLines - layout.overlayRows)
        let scroll = min(scroll, maximum)
        let moved: Int? =
            switch key {
            case .up: scroll - 1
            case .down: scroll + 1
            case .pageUp: scroll - page
            case .pageDown, .character(" "): scroll + page
            case .home: 0
            case .end: maximum
            default: nil
            }
        return moved.map { min(maximum, max(0, $0)) }
    }

    // MARK: Panes

    private mutating func paneKey(_ key: KeyEvent) -> [ConsoleEffect] {
        switch focus {
        case .transcript:
            scrollTranscript(key)
        case .settings:
            return settingsKey(key)
        case .events:
            eventsKey(key)
        }
        return []
    }

    private mutating func scrollTranscript(_ key: KeyEvent) {
        let page = max(1, layout.transcriptRows - 1)
        let top = layout.transcriptMaxOffset ?? Int.max / 2
        switch key {
        case .up: transcriptScroll += 1
        case .down: transcriptScroll -= 1
        case .pageUp: transcriptScroll += page
        case .pageDown: transcriptScroll -= page
        case .home: transcriptScroll = top
        case .end: transcriptScroll = 0
        default: return
        }
        transcriptScroll = max(0, min(top, transcriptScroll))
    }

    private mutating func settingsKey(_ key: KeyEvent) -> [ConsoleEffect] {
        let fields = parameters.fields
        let field = parameters.selected
        let index = fields.firstIndex(of: field) ?? 0
        if call.api == .live, let effects = liveSettingsKey(key, field: field) { return effects }
        switch key {
        case .up:
            parameters.selected = fields[max(0, index - 1)]
        case .down:
            parameters.selected = fields[min(fields.count - 1, index + 1)]
        case .left, .character("-"):
            _ = parameters.step(field, by: -1, now: now)
        case .right, .character("+"), .character("="):
            _ = parameters.step(field, by: 1, now: now)
        case .enter where field.isText:
            textEntry = TextEntry(purpose: .parameter(field), text: parameters.editableText(field))
        case .enter:
            _ = parameters.step(field, by: 1, now: now)
        case .pageUp, .pageDown, .home, .end:
            scrollTranscript(key)
        default:
            break
        }
        return []
    }

    /// A GPT-Live call's settings keys: fixed rows say why, the backend's reasoning steps at once, and text
    /// rows open the editor. Nil for the keys every call shares (moving, scrolling).
    private mutating func liveSettingsKey(_ key: KeyEvent, field: ParameterField) -> [ConsoleEffect]? {
        let edits: Bool
        switch key {
        case .left, .right, .character("-"), .character("+"), .character("="), .enter: edits = true
        default: edits = false
        }
        guard edits else { return nil }
        if let reason = parameters.inapplicableReason(field) {
            parameters.note(field, .info, reason)
            return []
        }
        switch field {
        case .backendReasoning where key != .enter:
            let direction = key == .left || key == .character("-") ? -1 : 1
            guard let delegation = parameters.steppedBackendReasoning(by: direction) else { return [] }
            parameters.note(field, .info, "sent; waiting for the server to confirm")
            return [.updateDelegation(delegation)]
        case .addInstructions, .backendModel:
            guard key == .enter else { return [] }
            textEntry = TextEntry(purpose: .parameter(field), text: parameters.editableText(field))
            return []
        default:
            return []
        }
    }

    private mutating func eventsKey(_ key: KeyEvent) {
        let page = max(1, layout.eventRows - 1)
        switch key {
        case .up: events.moveSelection(by: -1)
        case .down: events.moveSelection(by: 1)
        case .pageUp: events.moveSelection(by: -page)
        case .pageDown: events.moveSelection(by: page)
        case .home: events.selectFirst()
        case .end: events.selectedID = nil
        case .enter:
            let visible = events.visibleRows
            if let index = events.selectedIndex(in: visible) { overlay = .eventDetail(rowID: visible[index].id, scroll: 0) }
        case .character("/"):
            textEntry = TextEntry(purpose: .eventFilter, text: events.filter)
        case .left, .right:
            let order: [EventRecord.Direction?] = [nil, .client, .server]
            let index = order.firstIndex(of: events.direction) ?? 0
            events.direction = order[(index + (key == .right ? 1 : 2)) % order.count]
        case .escape:
            events.filter = ""
            events.direction = nil
        default:
            break
        }
    }
}
