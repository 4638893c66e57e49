import Foundation
import RealtimeCore
import Testing

@testable import ConsoleUI

/// The console on a GPT-Live call: keys without meaning say why, fixed settings say why, and what may
/// change is sent as the protocol allows.
struct LiveConsoleTests {
    func settings(select field: ParameterField) -> ConsoleModel {
        var model = ConsoleFixture.liveCall()
        _ = model.handle(.key(.tab))
        let index = ParameterField.liveFields.firstIndex(of: field) ?? 0
        for _ in 0..<index { _ = model.handle(.key(.down)) }
        #expect(model.parameters.selected == field)
        return model
    }

    @Test func realtimeKeysSendNothingAndSayWhy() {
        for key in ["i", " ", "t"] {
            var model = ConsoleFixture.liveCall()
            let effects = model.handle(.key(.character(Character(key))))
            #expect(effects.isEmpty, "key \(key)")
            #expect(model.notice?.text.contains("GPT-Live") == true, "key \(key)")
            #expect(model.textEntry == nil)
        }
    }

    @Test func muteStillGoesToTheSession() {
        var model = ConsoleFixture.liveCall()
        #expect(model.handle(.key(.character("m"))) == [.setMuted(true)])
    }

    @Test func theBackendsReasoningIsADelegationUpdate() {
        var model = settings(select: .backendReasoning)
        let effects = model.handle(.key(.right))
        #expect(effects == [.updateDelegation(.responses(LiveResponsesBackend(model: "gpt-5.6-luna", reasoningEffort: "medium")))])
        _ = model.handle(.session(.liveDelegation(.responses(LiveResponsesBackend(model: "gpt-5.6-luna", reasoningEffort: "medium")))))
        #expect(model.parameters.displayValue(.backendReasoning) == "medium")
        #expect(model.parameters.messages[.backendReasoning] == nil)
    }

    @Test func addedInstructionsAreAppended() {
        var model = settings(select: .addInstructions)
        _ = model.handle(.key(.enter))
        for character in "Speak slowly." { _ = model.handle(.key(.character(character))) }
        #expect(model.handle(.key(.enter)) == [.appendInstructions("Speak slowly.")])
    }

    @Test func aNewBackendModelIsADelegationUpdate() {
        var model = settings(select: .backendModel)
        _ = model.handle(.key(.enter))
        for _ in 0..<20 { _ = model.handle(.key(.backspace)) }
        for character in "gpt-5.6" { _ = model.handle(.key(.character(character))) }
        #expect(model.handle(.key(.enter)) == [.updateDelegation(.responses(LiveResponsesBackend(model: "gpt-5.6", reasoningEffort: "low")))])
    }

    @Test func fixedSettingsSayWhyAndDoNotOpenTheEditor() {
        for field in [ParameterField.voice, .instructions, .delegation] {
            var model = settings(select: field)
            #expect(model.handle(.key(.enter)).isEmpty)
            #expect(model.textEntry == nil, "\(field)")
            #expect(model.parameters.messages[field]?.text.contains("fixed at session.start") == true, "\(field)")
        }
    }
}
