import Foundation
import RealtimeCore

@testable import ConsoleUI

/// The screens the snapshot tests compare, built through the reducer as a person would get there.
enum ScreenStates {
    static func idle() -> ConsoleModel { ConsoleFixture.connected() }

    static func conversation() -> ConsoleModel { ConsoleFixture.conversation() }

    static func temperatureUnderGA() -> ConsoleModel {
        var model = ConsoleFixture.connected()
        _ = model.handle(.key(.tab))
        _ = model.handle(.key(.down))
        _ = model.handle(.key(.right))
        return model
    }

    static func inspectorExpanded() -> ConsoleModel {
        var model = ConsoleFixture.connected()
        let update: JSONValue = [
            "type": "session.update", "event_id": "rtc_1",
            "session": [
                "type": "realtime", "instructions": "Be brief. My key is sk-proj-abcdefghijklmnopqrstuvwx", "audio": ["output": ["voice": "cedar"]],
            ],
        ]
        let events = [
            ConsoleFixture.event(1, .server, "session.created", at: 0.2),
            ConsoleFixture.event(2, .client, "session.update", at: 0.25, summary: update),
            ConsoleFixture.event(3, .server, "session.updated", at: 0.3),
            ConsoleFixture.event(4, .client, "input_audio_buffer.append", at: 1, audioBytes: 960),
            ConsoleFixture.event(5, .client, "input_audio_buffer.append", at: 1.02, audioBytes: 960),
        ]
        for event in events { _ = model.handle(.session(.event(event))) }
        _ = model.handle(.key(.tab))
        _ = model.handle(.key(.tab))
        _ = model.handle(.key(.up))
        _ = model.handle(.key(.up))
        _ = model.handle(.key(.enter))
        return model
    }

    static func help(width: Int = 100, height: Int = 30, keys: [KeyEvent] = []) -> ConsoleModel {
        var model = ConsoleFixture.connected(width: width, height: height)
        _ = model.handle(.key(.character("?")))
        for key in keys {
            model.layout = ConsoleRenderer.render(model).facts
            _ = model.handle(.key(key))
        }
        return model
    }

    /// The message log after a rejected setting, at 80×24.
    static func messages() -> ConsoleModel {
        var model = ConsoleFixture.connected(width: 80, height: 24)
        _ = model.handle(.tick(ConsoleFixture.start + 50))
        _ = model.handle(
            .notice(Notice(.error, "the server rejected voice: Invalid value: 'cedar'. Voice is not supported by this model. (reverted)")))
        _ = model.handle(.key(.character("n")))
        return model
    }

    static func liveCall() -> ConsoleModel { ConsoleFixture.liveCall() }

    /// A GPT-Live call with the settings focused on the backend's reasoning, after →: the change is on its way.
    static func liveBackendReasoning() -> ConsoleModel {
        var model = ConsoleFixture.liveCall()
        _ = model.handle(.key(.tab))
        for _ in 0..<5 { _ = model.handle(.key(.down)) }
        _ = model.handle(.key(.right))
        return model
    }

    /// A GPT-Live call after pressing Space: one line says why there is no push-to-talk.
    static func livePushToTalk() -> ConsoleModel {
        var model = ConsoleFixture.liveCall()
        _ = model.handle(.key(.character(" ")))
        return model
    }

    static func tooSmall() -> ConsoleModel { ConsoleFixture.connected(width: 50, height: 15) }

    static func narrowConversation() -> ConsoleModel { ConsoleFixture.conversation(width: 60, height: 20) }
}
