import RealtimeCore
import Testing

@testable import RealtimeSim

@Suite struct SessionUpdateRulesTests {
    static func update(_ json: JSONValue, dialect: Dialect = .ga, voiceLocked: Bool = false) -> Result<SessionSettings, Rejection> {
        let settings = SessionSettings(dialect: dialect, model: dialect == .ga ? "gpt-realtime" : "gpt-4o-realtime-preview-2025-06-03")
        do {
            let decoded = try SessionObject(JSONReader(json.objectValue!, path: "session"), dialect: dialect)
            return .success(try SessionUpdateRules.apply(decoded, raw: json.objectValue!, to: settings, dialect: dialect, voiceLocked: voiceLocked))
        } catch let rejection as Rejection {
            return .failure(rejection)
        } catch {
            Issue.record("unexpected \(error)")
            return .failure(Rejection(ErrorDetail(message: "\(error)")))
        }
    }

    static func rejection(_ json: JSONValue, dialect: Dialect = .ga, voiceLocked: Bool = false) -> ErrorDetail? {
        if case .failure(let rejection) = update(json, dialect: dialect, voiceLocked: voiceLocked) { return rejection.detail }
        return nil
    }

    @Test func gaRequiresTheSessionType() {
        let detail = Self.rejection(["instructions": "hi"])
        #expect(detail?.code == "missing_required_parameter")
        #expect(detail?.param == "session.type")
        #expect(detail?.message == "Missing required parameter: 'session.type'.")
    }

    @Test func gaRefusesTemperatureAndBetaKeys() {
        let temperature = Self.rejection(["type": "realtime", "temperature": 0.8])
        #expect(temperature?.code == "unknown_parameter")
        #expect(temperature?.param == "session.temperature")
        #expect(temperature?.message == "Unknown parameter: 'session.temperature'.")
        #expect(Self.rejection(["type": "realtime", "voice": "alloy"])?.param == "session.voice")
        #expect(Self.rejection(["type": "realtime", "turn_detection": nil])?.param == "session.turn_detection")
        let nested: JSONValue = ["type": "realtime", "audio": ["input": ["turn_detection": ["type": "server_vad", "eagerness": "low"]]]]
        #expect(Self.rejection(nested)?.param == "session.audio.input.turn_detection.eagerness")
    }

    @Test func gaAllowsOneOutputModality() {
        let both = Self.rejection(["type": "realtime", "output_modalities": ["audio", "text"]])
        #expect(both?.code == "invalid_value")
        #expect(both?.param == "session.output_modalities")
        #expect(Self.rejection(["type": "realtime", "output_modalities": ["text"]]) == nil)
    }

    @Test func betaTemperatureRange() {
        let low = Self.rejection(["temperature": 0.5], dialect: .beta)
        #expect(low?.code == "invalid_value")
        #expect(low?.param == "session.temperature")
        #expect(low?.message.contains("Expected a value >= 0.6, but got 0.5 instead.") == true)
        #expect(Self.rejection(["temperature": 1.3], dialect: .beta)?.param == "session.temperature")
        if case .success(let settings) = Self.update(["temperature": 1.1], dialect: .beta) {
            #expect(settings.temperature == 1.1)
        } else {
            Issue.record("temperature 1.1 should be accepted in beta")
        }
    }

    @Test func rangesAndVoices() {
        let threshold: JSONValue = ["type": "realtime", "audio": ["input": ["turn_detection": ["type": "server_vad", "threshold": 1.5]]]]
        #expect(Self.rejection(threshold)?.param == "session.audio.input.turn_detection.threshold")
        let silence: JSONValue = ["type": "realtime", "audio": ["input": ["turn_detection": ["type": "server_vad", "silence_duration_ms": -1]]]]
        #expect(Self.rejection(silence)?.param == "session.audio.input.turn_detection.silence_duration_ms")
        let speed: JSONValue = ["type": "realtime", "audio": ["output": ["speed": 2.0]]]
        #expect(Self.rejection(speed)?.param == "session.audio.output.speed")
        let voice: JSONValue = ["type": "realtime", "audio": ["output": ["voice": "nova"]]]
        #expect(Self.rejection(voice)?.code == "invalid_value")
        #expect(Self.rejection(["voice": "marin"], dialect: .beta)?.param == "session.voice")
    }

    @Test func voiceIsLockedOnceAudioWasProduced() {
        let change: JSONValue = ["type": "realtime", "audio": ["output": ["voice": "cedar"]]]
        #expect(Self.rejection(change, voiceLocked: true)?.code == "cannot_update_voice")
        #expect(Self.rejection(change, voiceLocked: false) == nil)
        let same: JSONValue = ["type": "realtime", "audio": ["output": ["voice": "marin"]]]
        #expect(Self.rejection(same, voiceLocked: true) == nil)
    }

    @Test func applyChangesOnlyWhatIsPresent() throws {
        let json: JSONValue = [
            "type": "realtime", "instructions": "Be brief.",
            "audio": ["input": ["turn_detection": nil, "transcription": ["model": "whisper-1"]], "output": ["speed": 1.2]],
        ]
        guard case .success(let settings) = Self.update(json) else {
            Issue.record("the update should apply")
            return
        }
        #expect(settings.instructions == "Be brief.")
        #expect(settings.turnDetection == nil)
        #expect(settings.transcription?.model == "whisper-1")
        #expect(settings.speed == 1.2)
        #expect(settings.voice == "marin")
        #expect(settings.outputModalities == ["audio"])
    }

    @Test func gaSessionShowsTheServiceDefaults() throws {
        let settings = SessionSettings(dialect: .ga, model: "gpt-realtime")
        let json = settings.sessionJSON(.ga, id: "sess_1", expiresAt: 1)
        #expect(json["type"] == "realtime")
        #expect(json["object"] == "realtime.session")
        #expect(json["output_modalities"] == ["audio"])
        let detection = json["audio"]?["input"]?["turn_detection"]
        #expect(detection?["silence_duration_ms"] == 200)
        #expect(detection?["idle_timeout_ms"] == .null)
        #expect(json["audio"]?["input"]?["transcription"] == .null)
        #expect(json["audio"]?["output"]?["voice"] == "marin")
        #expect(json["max_output_tokens"] == "inf")
        #expect(json["truncation"] == "auto")
        #expect(json["tracing"] == .null)
    }

    @Test func betaSessionShowsTheServiceDefaults() {
        let json = SessionSettings(dialect: .beta, model: "my-deployment").sessionJSON(.beta, id: "sess_1", expiresAt: 1)
        #expect(json["modalities"] == ["audio", "text"])
        #expect(json["voice"] == "alloy")
        #expect(json["temperature"] == 0.8)
        #expect(json["input_audio_format"] == "pcm16")
        #expect(json["model"] == "gpt-4o-realtime-preview-2025-06-03")
        #expect(json["type"] == nil)
    }
}
