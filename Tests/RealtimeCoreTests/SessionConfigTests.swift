import Testing

@testable import RealtimeCore

@Suite struct SessionConfigTests {
    @Test func gaEncodingIsNestedAndHasNoTemperature() throws {
        var config = SessionConfig()
        config.temperature = 1.1
        config.noiseReduction = .farField
        let json = config.sessionObject(for: .ga).json(.ga)
        #expect(json["type"] == "realtime")
        #expect(json["temperature"] == nil)
        #expect(json["output_modalities"] == ["audio"])
        #expect(json["audio"]?["output"]?["voice"] == "marin")
        #expect(json["audio"]?["input"]?["turn_detection"]?["type"] == "server_vad")
        #expect(json["audio"]?["input"]?["noise_reduction"]?["type"] == "far_field")
        #expect(json["audio"]?["input"]?["format"] == ["type": "audio/pcm", "rate": 24000])
        #expect(json["voice"] == nil && json["turn_detection"] == nil && json["modalities"] == nil)
    }

    @Test func betaEncodingIsFlatWithTemperature() throws {
        var config = SessionConfig()
        config.voice = "alloy"
        config.turnDetection = nil
        let json = config.sessionObject(for: .beta).json(.beta)
        #expect(json["type"] == nil)
        #expect(json["temperature"] == 0.8)
        #expect(json["modalities"] == ["audio", "text"])
        #expect(json["voice"] == "alloy")
        #expect(json["turn_detection"] == .null)
        #expect(json["input_audio_format"] == "pcm16")
        #expect(json["input_audio_transcription"]?["model"] == "gpt-realtime-whisper")
    }

    @Test func updateHoldsOnlyWhatChanged() throws {
        let old = SessionConfig()
        var new = old
        new.turnDetection = .semanticVAD(TurnDetection.SemanticVAD(eagerness: .high))
        new.speed = 1.2
        let update = new.update(from: old, dialect: .ga, voiceLocked: false)
        let json = try #require(update.session).json(.ga)
        #expect(update.skipped.isEmpty)
        #expect(json.objectValue?.keys.sorted() == ["audio", "type"])
        #expect(json["audio"]?["input"]?.objectValue?.keys == ["turn_detection"])
        #expect(json["audio"]?["input"]?["turn_detection"]?["eagerness"] == "high")
        #expect(json["audio"]?["output"]?.objectValue?.keys == ["speed"])
    }

    @Test func temperatureUnderGAIsSkippedWithAReason() {
        var new = SessionConfig()
        new.temperature = 1.0
        let ga = new.update(from: SessionConfig(), dialect: .ga, voiceLocked: false)
        #expect(ga.session == nil)
        #expect(ga.skipped.map(\.field) == ["temperature"])
        #expect(ga.skipped.first?.reason.contains("GA") == true)
        let beta = new.update(from: SessionConfig(), dialect: .beta, voiceLocked: false)
        #expect(beta.session?.json(.beta)["temperature"] == 1.0)
        #expect(beta.skipped.isEmpty)
    }

    @Test func voiceChangeAfterAudioIsRefused() {
        var new = SessionConfig()
        new.voice = "cedar"
        let locked = new.update(from: SessionConfig(), dialect: .ga, voiceLocked: true)
        #expect(locked.session == nil)
        #expect(locked.skipped.first?.field == "voice")
        let open = new.update(from: SessionConfig(), dialect: .ga, voiceLocked: false)
        #expect(open.session?.voice == "cedar")
    }

    @Test func manualTurnsSendNull() {
        var new = SessionConfig()
        new.turnDetection = nil
        let json = new.update(from: SessionConfig(), dialect: .ga, voiceLocked: false).session?.json(.ga)
        #expect(json?["audio"]?["input"]?["turn_detection"] == .null)
    }

    static func invalid(_ field: String) -> SessionConfig {
        var c = SessionConfig()
        switch field {
        case "temperature": c.temperature = 1.25
        case "speed": c.speed = 2
        case "voice": c.voice = "fable"
        case "turn_detection.threshold": c.turnDetection = .serverVAD(.init(threshold: 1.5))
        case "turn_detection.silence_duration_ms": c.turnDetection = .serverVAD(.init(silenceDurationMs: -1))
        case "turn_detection.idle_timeout_ms": c.turnDetection = .serverVAD(.init(idleTimeoutMs: 100))
        default: c.maxOutputTokens = .limit(5000)
        }
        return c
    }

    @Test(arguments: [
        "temperature", "speed", "voice", "turn_detection.threshold", "turn_detection.silence_duration_ms",
        "turn_detection.idle_timeout_ms", "max_output_tokens",
    ])
    func outOfRangeValuesAreRefused(_ field: String) {
        let config = Self.invalid(field)
        #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        do {
            try config.validate(for: .ga)
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func marinIsGAOnly() throws {
        #expect(throws: ConfigError.self) { try SessionConfig().validate(for: .beta) }
        var config = SessionConfig()
        config.voice = "verse"
        try config.validate(for: .beta)
    }

    @Test func appliesWhatTheServerReports() throws {
        var session = SessionObject()
        session.voice = "cedar"
        session.turnDetection = .null
        var config = SessionConfig()
        config.apply(session)
        #expect(config.voice == "cedar")
        #expect(config.turnDetection == nil)
    }
}
