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
            overlay = .help
        case .tab:
            focus = focus.next(1)
        case .backTab:
            focus = focus.next(-1)
        case .character("i"):
            return [.interrupt]
        case .character("m"):
            return toggleMute()
        case .character("["):
            return changeVolume(by: -0.1)
        case .character("]"):
            return changeVolume(by: 0.1)
        case .character("t"):
            textEntry = TextEntry(purpose: .message)
        case .character("e"):
            return [.exportTranscript]
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
        case .off(let reason), .interrupted(let reason): reason
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
            return [.sendText(text)]
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
        case .help:
            overlay = nil
        case .eventDetail(let rowID, let scroll):
            let page = max(1, layout.detailRows - 1)
            let maximum = max(0, layout.detailLines - layout.detailRows)
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
            if let moved {
                overlay = .eventDetail(rowID: rowID, scroll: min(maximum, max(0, moved)))
            } else {
                overlay = nil
            }
        }
        return []
    }

    // MARK: Panes

    private mutating func paneKey(_ key: KeyEvent) -> [ConsoleEffect] {
        switch focus {
        case .transcript:
            scrollTranscript(key)
        case .settings:
            settingsKey(key)
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

    private mutating func settingsKey(_ key: KeyEvent) {
        let fields = ParameterField.allCases
        let field = parameters.selected
        switch key {
        case .up:
            parameters.selected = fields[max(0, field.rawValue - 1)]
        case .down:
            parameters.selected = fields[min(fields.count - 1, field.rawValue + 1)]
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
