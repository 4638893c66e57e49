import Foundation
import Testing

@testable import RealtimeCore

/// The model catalog: what each model takes and costs, and what it says about shutdowns.
@Suite struct ModelCatalogTests {
    /// 2026-12-06, the day these notices were written against.
    private static let today = ModelCatalog.day("2026-12-06")!

    @Test func theDefaultsAreCurrentModels() throws {
        let model = try #require(ModelCatalog.model(ModelCatalog.defaultRealtimeModel))
        #expect(model.family == .realtime && model.shutdown == nil && model.reasons)
        let transcription = try #require(ModelCatalog.model(ModelCatalog.defaultTranscriptionModel))
        #expect(transcription.family == .transcription && transcription.shutdown == nil)
        #expect(SessionConfig().model == "gpt-realtime-2.1")
        #expect(SessionConfig().transcription?.model == "gpt-realtime-whisper")
    }

    @Test func reasoningIsKnownPerModel() {
        #expect(ModelCatalog.model("gpt-realtime-2.1-mini")?.reasoningEfforts == ReasoningEffort.allCases)
        #expect(ModelCatalog.model("gpt-realtime-1.5")?.reasons == false)
        #expect(ModelCatalog.model("gpt-live-1")?.family == .live)
        #expect(ModelCatalog.model("my-azure-deployment") == nil)
        #expect(ModelCatalog.model("gpt-realtime-3") == nil, "an id is never matched by a prefix")
    }

    @Test func pricesComeFromTheCatalogImagesIncluded() throws {
        let prices = try #require(PriceTable.defaults.prices(for: "gpt-realtime-2.1"))
        var usage = Usage()
        usage.inputImageTokens = 2_000_000
        usage.cachedImageTokens = 1_000_000
        usage.outputTextTokens = 1_000_000
        // 1M fresh image tokens at $5, 1M cached at $0.50, 1M text output at $24.
        #expect(abs(prices.cost(of: usage) - 29.5) < 1e-9)
        let mini = try #require(PriceTable.defaults.prices(for: "gpt-realtime-2.1-mini"))
        #expect(mini.audioOutput == 20 && mini.imageInput == 0.8)
        #expect(PriceTable.defaults.prices(for: "gpt-live-1") == nil, "GPT-Live is priced per minute")
    }

    @Test func shutdownNoticesNameTheDayAndTheReplacement() {
        let soon = ModelCatalog.shutdownNotice(for: "gpt-realtime", as: "gpt-realtime", now: Self.today)
        #expect(soon == "gpt-realtime shuts down on 2027-01-20, in 45 days: move to gpt-realtime-2.1")
        let transcription = ModelCatalog.shutdownNotice(for: "whisper-1", as: "transcription model whisper-1", now: Self.today)
        #expect(transcription?.contains("2027-02-26") == true && transcription?.contains("gpt-realtime-whisper") == true)
        let gone = ModelCatalog.shutdownNotice(for: "gpt-4o-realtime-preview", as: "gpt-4o-realtime-preview", now: Self.today)
        #expect(gone?.hasPrefix("gpt-4o-realtime-preview was shut down on 2026-05-07") == true)
        #expect(ModelCatalog.shutdownNotice(for: "gpt-realtime-2.1", as: "gpt-realtime-2.1", now: Self.today) == nil)
        let farAway = ModelCatalog.shutdownNotice(for: "whisper-1", as: "whisper-1", now: ModelCatalog.day("2026-06-01")!)
        #expect(farAway == nil, "more than 90 days ahead says nothing")
        #expect(ModelCatalog.shutdownMarker(for: "gpt-realtime-mini", now: Self.today) == "2027-01-20")
    }

    @Test func startNoticesSayWhenCostCannotBeComputed() {
        var config = SessionConfig()
        config.model = "my-azure-deployment"
        let lines = ModelCatalog.startNotices(for: config, prices: .defaults, now: Self.today)
        #expect(
            lines == [
                "cost cannot be computed: rtconsole has no prices for my-azure-deployment; add [prices.my-azure-deployment] to the config file to see it"
            ])
        config.model = "gpt-realtime"
        config.transcription = TranscriptionSettings(model: "gpt-4o-mini-transcribe")
        #expect(ModelCatalog.startNotices(for: config, prices: .defaults, now: Self.today).count == 2)
        config.model = "gpt-realtime-2.1"
        config.transcription = TranscriptionSettings()
        #expect(ModelCatalog.startNotices(for: config, prices: .defaults, now: Self.today).isEmpty)
    }

    @Test func aReasoningEffortIsRefusedForAModelThatDoesNotReason() {
        var config = SessionConfig()
        config.reasoningEffort = .high
        #expect(throws: Never.self) { try config.validate(for: .ga) }
        config.model = "gpt-realtime-1.5"
        let refused = #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        #expect(refused?.field == "reasoning_effort")
        #expect(refused?.message.contains("gpt-realtime-1.5 does not reason") == true)
        config.model = "a-compatible-server-model"
        #expect(throws: Never.self) { try config.validate(for: .ga) }
        #expect(throws: ConfigError.self) { try config.validate(for: .beta) }
    }

    @Test func aReasoningEffortChangeIsOneUpdate() {
        var old = SessionConfig()
        old.reasoningEffort = .low
        var new = old
        new.reasoningEffort = .xhigh
        let update = new.update(from: old, dialect: .ga, voiceLocked: false)
        #expect(update.session?.json(.ga)["reasoning"]?["effort"] == "xhigh")
        #expect(update.session?.instructions == nil)
        var echoed = SessionConfig()
        echoed.apply(update.session!)
        #expect(echoed.reasoningEffort == .xhigh)
        #expect(SessionConfig().sessionObject(for: .ga).passthrough["reasoning"] == nil, "no effort asked for sends none")
    }

    @Test func theLedgerLocksReasoningForAModelWithout() {
        var config = SessionConfig()
        config.model = "gpt-realtime-1.5"
        #expect(ConfigurationLedger(config: config, dialect: .ga).lockReason(.reasoning)?.contains("does not reason") == true)
        #expect(ConfigurationLedger(config: SessionConfig(), dialect: .ga).lockReason(.reasoning) == nil)
    }
}

/// The 2026 session fields: each validated for the model, and sent as one diffed update.
@Suite struct SessionFieldTests {
    @Test func truncationReadsItsThreeForms() {
        #expect(Truncation(argument: "auto") == .auto)
        #expect(Truncation(argument: "disabled") == .disabled)
        #expect(Truncation(argument: "0.8") == .retentionRatio(0.8, postInstructionsTokens: nil))
        #expect(Truncation(argument: "0.8:20000") == .retentionRatio(0.8, postInstructionsTokens: 20_000))
        #expect(Truncation(argument: "most") == nil)
        let json = Truncation.retentionRatio(0.5, postInstructionsTokens: 1000).json
        #expect(Truncation(json: json) == .retentionRatio(0.5, postInstructionsTokens: 1000))
    }

    @Test func aRetentionRatioOutside0To1IsRefused() {
        var config = SessionConfig()
        config.truncation = .retentionRatio(1.5, postInstructionsTokens: nil)
        let error = #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        #expect(error?.field == "truncation" && error?.message.contains("outside 0…1") == true)
        config.truncation = .retentionRatio(0.8, postInstructionsTokens: 200_000)
        let tooMany = #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        #expect(tooMany?.message.contains("1…96000") == true, "128,000 of context minus 32,000 of reply")
    }

    @Test func parallelToolCallsNeedAReasoningModel() {
        var config = SessionConfig()
        config.parallelToolCalls = true
        #expect(throws: Never.self) { try config.validate(for: .ga) }
        config.model = "gpt-realtime-1.5"
        #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
    }

    @Test func transcriptionFieldsBelongToTheirModels() {
        var config = SessionConfig()
        config.transcription?.delay = .high
        #expect(throws: Never.self) { try config.validate(for: .ga) }
        config.transcription = TranscriptionSettings(model: "gpt-live-transcribe")
        config.transcription?.delay = .high
        let delay = #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        #expect(delay?.field == "transcription_delay" && delay?.message.contains("gpt-realtime-whisper") == true)
        config.transcription?.delay = nil
        config.transcription?.keywords = ["rtconsole"]
        config.transcription?.languages = ["en", "de"]
        #expect(throws: Never.self) { try config.validate(for: .ga) }
        config.transcription?.language = "english"
        let language = #expect(throws: ConfigError.self) { try config.validate(for: .ga) }
        #expect(language?.message.contains("ISO-639-1") == true)
    }

    @Test func theNewFieldsGoOutInOneDiffedUpdateAndComeBack() throws {
        let old = SessionConfig()
        var new = old
        new.parallelToolCalls = false
        new.truncation = .retentionRatio(0.8, postInstructionsTokens: nil)
        new.transcriptionLogprobs = true
        new.noiseReduction = .farField
        new.noiseReductionStrength = 0.4
        new.transcription?.delay = .minimal
        let session = try #require(new.update(from: old, dialect: .ga, voiceLocked: false).session)
        let json = session.json(.ga)
        #expect(json["parallel_tool_calls"] == false)
        #expect(json["truncation"]?["retention_ratio"] == 0.8)
        #expect(json["include"] == [.string(SessionConfig.logprobsInclude)])
        #expect(json["audio"]?["input"]?["noise_reduction"] == ["type": "far_field", "strength": 0.4])
        #expect(json["audio"]?["input"]?["transcription"]?["delay"] == "minimal")
        #expect(json["instructions"] == nil && json["audio"]?["output"] == nil, "only what changed")
        let reread = try SessionObject(JSONReader(value: json, path: "session", eventType: "session.updated"), dialect: .ga)
        var echoed = old
        echoed.apply(reread)
        #expect(echoed == new)
        var off = new
        off.transcriptionLogprobs = false
        #expect(off.update(from: new, dialect: .ga, voiceLocked: false).session?.json(.ga)["include"] == [])
        #expect(new.update(from: old, dialect: .beta, voiceLocked: false).skipped.map(\.field).contains("truncation"))
    }

    @Test func aTranscriptionsConfidenceIsTheMeanOfItsTokensProbabilities() {
        var completed = TranscriptionCompletedEvent(itemID: "item_1", transcript: "hello there", usage: .null)
        #expect(completed.confidence == nil)
        completed.logprobs = [["token": "hello", "logprob": -0.1, "bytes": []], ["token": " there", "logprob": -0.3, "bytes": []]]
        #expect(abs((completed.confidence ?? 0) - exp(-0.2)) < 1e-9)
    }
}
