import Foundation

/// Every model rtconsole knows: the Realtime models, the GPT-Live models and the transcription models,
/// with what each takes, its limits, its prices and its announced shutdown.
///
/// Prices, validation, the settings panel's choices, `--help` and the shutdown notices all read this one
/// table. A model it does not know is still allowed (compatible servers and Azure deployments have names
/// of their own); only its cost cannot be computed. Sources: OpenAI's model pages and deprecations page,
/// and the model literals of the openai Python SDK 3.63.0, as of 2026-12.
public enum ModelCatalog {
    /// The model a call uses when none is asked for.
    public static let defaultRealtimeModel = "gpt-realtime-2.1"
    /// The transcription model used when none is asked for (one that is not being shut down).
    public static let defaultTranscriptionModel = "gpt-realtime-whisper"

    private static let allEfforts = ReasoningEffort.allCases
    private static let realtimeShutdown = ModelInfo.Shutdown(date: "2027-01-20", replacement: "gpt-realtime-2.1")
    private static let miniShutdown = ModelInfo.Shutdown(date: "2027-01-20", replacement: "gpt-realtime-2.1-mini")
    /// The beta protocol and its preview models were shut down on api.openai.com in May 2026.
    private static let previewShutdown = ModelInfo.Shutdown(date: "2026-05-07", replacement: "gpt-realtime-2.1")
    private static let transcriptionShutdown = ModelInfo.Shutdown(date: "2027-02-26", replacement: "gpt-realtime-whisper")

    private static let fullPrice = ModelInfo.Pricing.tokens(
        text: .init(4, cached: 0.4), textOutput: 16, audio: .init(32, cached: 0.4), audioOutput: 64, image: .init(5, cached: 0.5))
    private static let reasoningPrice = ModelInfo.Pricing.tokens(
        text: .init(4, cached: 0.4), textOutput: 24, audio: .init(32, cached: 0.4), audioOutput: 64, image: .init(5, cached: 0.5))
    private static let miniPrice = ModelInfo.Pricing.tokens(
        text: .init(0.6, cached: 0.06), textOutput: 2.4, audio: .init(10, cached: 0.3), audioOutput: 20, image: .init(0.8, cached: 0.08))
    private static let previewPrice = ModelInfo.Pricing.tokens(
        text: .init(5, cached: 2.5), textOutput: 20, audio: .init(40, cached: 2.5), audioOutput: 80, image: nil)
    private static let miniPreviewPrice = ModelInfo.Pricing.tokens(
        text: .init(0.6, cached: 0.3), textOutput: 2.4, audio: .init(10, cached: 0.3), audioOutput: 20, image: nil)

    /// Every known model, current ones first in each family.
    public static let all: [ModelInfo] = [
        ModelInfo(
            id: "gpt-realtime-2.1", family: .realtime, reasoningEfforts: allEfforts, contextTokens: 128_000, maxOutputTokens: 32_000,
            pricing: reasoningPrice),
        ModelInfo(
            id: "gpt-realtime-2.1-mini", family: .realtime, reasoningEfforts: allEfforts, contextTokens: 128_000, maxOutputTokens: 32_000,
            pricing: miniPrice),
        ModelInfo(
            id: "gpt-realtime-2", family: .realtime, reasoningEfforts: allEfforts, contextTokens: 128_000, maxOutputTokens: 32_000,
            pricing: reasoningPrice),
        ModelInfo(id: "gpt-realtime-1.5", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: fullPrice),
        ModelInfo(
            id: "gpt-realtime", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: fullPrice,
            shutdown: realtimeShutdown),
        ModelInfo(
            id: "gpt-realtime-2025-08-28", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: fullPrice,
            shutdown: realtimeShutdown),
        ModelInfo(
            id: "gpt-realtime-mini", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: miniPrice,
            shutdown: miniShutdown),
        ModelInfo(
            id: "gpt-realtime-mini-2025-10-06", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: miniPrice,
            shutdown: miniShutdown),
        ModelInfo(
            id: "gpt-realtime-mini-2025-12-15", family: .realtime, contextTokens: 32_000, maxOutputTokens: 4_096, pricing: miniPrice,
            shutdown: miniShutdown),
        ModelInfo(id: "gpt-audio-1.5", family: .realtime),
        ModelInfo(id: "gpt-audio-mini", family: .realtime, shutdown: miniShutdown),
        ModelInfo(id: "gpt-audio-mini-2025-10-06", family: .realtime, shutdown: miniShutdown),
        ModelInfo(id: "gpt-audio-mini-2025-12-15", family: .realtime, shutdown: miniShutdown),
        ModelInfo(id: "gpt-4o-realtime-preview", family: .realtime, pricing: previewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-4o-realtime-preview-2024-10-01", family: .realtime, pricing: previewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-4o-realtime-preview-2024-12-17", family: .realtime, pricing: previewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-4o-realtime-preview-2025-06-03", family: .realtime, pricing: previewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-4o-mini-realtime-preview", family: .realtime, pricing: miniPreviewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-4o-mini-realtime-preview-2024-12-17", family: .realtime, pricing: miniPreviewPrice, shutdown: previewShutdown),
        ModelInfo(id: "gpt-live-1.1", family: .live, pricing: .perMinute(0.05)),
        ModelInfo(id: "gpt-live-1", family: .live, pricing: .perMinute(0.05)),
        ModelInfo(
            id: "gpt-realtime-whisper", family: .transcription, contextTokens: 16_000, maxOutputTokens: 2_000, pricing: .perMinute(0.017),
            transcriptionFields: [.language, .delay]),
        ModelInfo(
            id: "gpt-live-transcribe", family: .transcription, pricing: .perMinute(0.017),
            transcriptionFields: [.language, .languages, .keywords, .prompt]),
        ModelInfo(id: "gpt-transcribe", family: .transcription, transcriptionFields: [.language, .languages, .keywords]),
        ModelInfo(id: "gpt-4o-transcribe", family: .transcription, shutdown: transcriptionShutdown, transcriptionFields: [.language, .prompt]),
        ModelInfo(id: "gpt-4o-mini-transcribe", family: .transcription, shutdown: transcriptionShutdown, transcriptionFields: [.language, .prompt]),
        ModelInfo(
            id: "gpt-4o-mini-transcribe-2025-12-15", family: .transcription, shutdown: transcriptionShutdown,
            transcriptionFields: [.language, .prompt]),
        ModelInfo(
            id: "gpt-4o-transcribe-diarize", family: .transcription, shutdown: transcriptionShutdown, transcriptionFields: [.language, .prompt]),
        ModelInfo(id: "whisper-1", family: .transcription, shutdown: transcriptionShutdown, transcriptionFields: [.language, .prompt]),
    ]

    /// The model with this id, or nil when the catalog does not know it.
    public static func model(_ id: String) -> ModelInfo? {
        all.first { $0.id == id }
    }

    /// The ids of the models that take a reasoning effort, comma-separated, for messages and help.
    public static var reasoningModelList: String { all.filter(\.reasons).map(\.id).joined(separator: ", ") }

    /// The models of a family, current ones first.
    public static func models(in family: ModelInfo.Family) -> [ModelInfo] {
        all.filter { $0.family == family }
    }

    /// The models of a family that have no announced shutdown: the choices to offer.
    public static func currentModels(in family: ModelInfo.Family) -> [ModelInfo] {
        models(in: family).filter { $0.shutdown == nil }
    }

    /// One line about a model that has shut down or shuts down within `warningDays` of `now`, naming the
    /// day and the replacement; nil for any other model. Nothing is refused because of a date: the server decides.
    ///
    /// - Parameters:
    ///   - id: the model id.
    ///   - what: how the person named it (`--model gpt-realtime`, `--transcription-model whisper-1`).
    public static func shutdownNotice(for id: String, as what: String, now: Date = Date(), warningDays: Int = 90) -> String? {
        guard let shutdown = model(id)?.shutdown, let day = Self.day(shutdown.date) else { return nil }
        let days = Int((day.timeIntervalSince(now) / 86_400).rounded(.up))
        if days <= 0 {
            return "\(what) was shut down on \(shutdown.date); the server may refuse it: use \(shutdown.replacement)"
        }
        guard days <= warningDays else { return nil }
        return "\(what) shuts down on \(shutdown.date), in \(days) day\(days == 1 ? "" : "s"): move to \(shutdown.replacement)"
    }

    /// The lines to tell the person when a call starts: models that shut down soon or have, and a model
    /// whose cost cannot be computed.
    public static func startNotices(for config: SessionConfig, prices: PriceTable, now: Date = Date()) -> [String] {
        var lines: [String] = []
        if let line = shutdownNotice(for: config.model, as: config.model, now: now) { lines.append(line) }
        if let transcription = config.transcription,
            let line = shutdownNotice(for: transcription.model, as: "transcription model \(transcription.model)", now: now)
        {
            lines.append(line)
        }
        let perMinute: Bool
        if case .perMinute = model(config.model)?.pricing { perMinute = true } else { perMinute = false }
        if prices.prices(for: config.model) == nil, !perMinute {
            lines.append(
                "cost cannot be computed: rtconsole has no prices for \(config.model); add [prices.\(config.model)] to the config file to see it")
        }
        return lines
    }

    /// The shutdown date of a model that shuts down within `warningDays` of `now` or has, for the header.
    public static func shutdownMarker(for id: String, now: Date = Date(), warningDays: Int = 90) -> String? {
        guard let shutdown = model(id)?.shutdown, let day = Self.day(shutdown.date),
            day.timeIntervalSince(now) <= Double(warningDays) * 86_400
        else { return nil }
        return shutdown.date
    }

    /// The start of a `YYYY-MM-DD` day in UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
