import ConsoleUI
import Foundation
import RealtimeCore
import TOMLKit

/// `config.toml`: tools the model may call and the price table, from `--config` or
/// `$XDG_CONFIG_HOME/rtconsole/config.toml`.
///
/// ```toml
/// [prices.gpt-realtime]          # USD per million tokens
/// text_input = 4.0
/// cached_text_input = 0.4
/// text_output = 16.0
/// audio_input = 32.0
/// cached_audio_input = 0.4
/// audio_output = 64.0
///
/// [[tools]]
/// name = "get_weather"
/// description = "Current weather for a city"
/// parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
/// command = "./weather.sh"      # gets the arguments JSON on stdin; or: output = '{"temp_c": 21}'
/// timeout_seconds = 10
/// ```
public struct ConfigFile: Sendable {
    /// The tools the model may call.
    public var tools: [LocalTool] = []
    /// Model prices, the built-in ones overridden by the file's.
    public var prices: PriceTable = .defaults
    /// Session settings from `[session]`; command-line flags override them.
    public var session = SessionDefaults()

    /// The `[session]` table: settings a call starts with unless a flag says otherwise.
    public struct SessionDefaults: Sendable, Equatable {
        public var reasoningEffort: ReasoningEffort?
        public var parallelToolCalls: Bool?
        public var truncation: Truncation?
        public var noiseReductionStrength: Double?
        public var transcriptionDelay: TranscriptionDelay?
        public var transcriptionKeywords: [String]?
        public var transcriptionLanguages: [String]?
        public var transcriptionLogprobs = false

        /// No settings.
        public init() {}
    }

    /// A mistake in the file, named by line and key.
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var key: String?
        public var message: String

        public var description: String {
            var place = path
            if let line { place += ":\(line)" }
            if let key { place += " (\(key))" }
            return "\(place): \(message)"
        }
    }

    /// The default location: `$XDG_CONFIG_HOME/rtconsole/config.toml` (or `~/.config/…`).
    public static func defaultURL(environment: [String: String]) -> URL {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("rtconsole/config.toml")
    }

    /// Loads a config file; a missing default file is no error, a missing named one is.
    public static func load(url: URL, required: Bool) throws(Failure) -> ConfigFile {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            if required { throw Failure(path: url.path, message: "cannot be read (missing, unreadable or not UTF-8)") }
            return ConfigFile()
        }
        return try parse(text, path: url.path)
    }

    /// Reads a config file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(Failure) -> ConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(path: path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw Failure(path: path, message: "not valid TOML: \(error)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func lineOf(_ key: String, after section: String? = nil) -> Int? {
            var start = 0
            if let section, let s = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(section) }) { start = s }
            for i in start..<lines.count where lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(key) { return i + 1 }
            return nil
        }
        func failure(_ key: String, _ message: String, section: String? = nil) -> Failure {
            Failure(path: path, line: lineOf(key, after: section), key: key, message: message)
        }

        var config = ConfigFile()
        for (key, _) in table where !["tools", "prices", "session"].contains(key) {
            throw failure(key, "unknown key; the config file has a [session] table, [prices.MODEL] tables and [[tools]] entries")
        }
        if let session = table["session"] {
            guard let entries = session.table else { throw failure("session", "must be a table: [session]") }
            config.session = try sessionDefaults(entries) { key, message in failure(key, message, section: "[session]") }
        }
        if let prices = table["prices"] {
            guard let models = prices.table else { throw failure("prices", "must be a table of models: [prices.gpt-realtime]") }
            for (model, value) in models {
                let section = "[prices.\(model)"
                guard let entry = value.table else { throw failure("[prices.\(model)]", "must be a table of prices") }
                let names = [
                    "text_input", "cached_text_input", "text_output", "audio_input", "cached_audio_input", "audio_output", "image_input",
                    "cached_image_input",
                ]
                var numbers: [String: Double] = [:]
                for (key, number) in entry {
                    guard names.contains(key) else {
                        throw failure(key, "unknown price; use \(names.joined(separator: ", ")) (USD per million tokens)", section: section)
                    }
                    guard let n = number.double ?? number.int.map(Double.init), n >= 0, n.isFinite else {
                        throw failure(key, "must be a number of US dollars per million tokens, 0 or more", section: section)
                    }
                    numbers[key] = n
                }
                let base = PriceTable.defaults.prices(for: model)
                func price(_ key: String, _ fallback: Double?) throws(Failure) -> Double {
                    if let n = numbers[key] { return n }
                    if let fallback { return fallback }
                    throw failure(section, "\(model) is not a known model, so every price must be given; \(key) is missing")
                }
                config.prices.models[model] = PriceTable.Prices(
                    textInput: try price("text_input", base?.textInput), cachedTextInput: try price("cached_text_input", base?.cachedTextInput),
                    textOutput: try price("text_output", base?.textOutput), audioInput: try price("audio_input", base?.audioInput),
                    cachedAudioInput: try price("cached_audio_input", base?.cachedAudioInput),
                    audioOutput: try price("audio_output", base?.audioOutput), imageInput: numbers["image_input"] ?? base?.imageInput,
                    cachedImageInput: numbers["cached_image_input"] ?? base?.cachedImageInput)
            }
        }
        if let tools = table["tools"] {
            guard let entries = tools.array else { throw failure("tools", "must be an array of tables: [[tools]]") }
            for value in entries {
                guard let entry = value.table else { throw failure("[[tools]]", "each [[tools]] entry must be a table") }
                config.tools.append(try tool(entry, failure: failure))
            }
        }
        return config
    }

    /// Reads the `[session]` table.
    static func sessionDefaults(_ table: TOMLTable, failure: (String, String) -> Failure) throws(Failure) -> SessionDefaults {
        var defaults = SessionDefaults()
        func text(_ key: String) throws(Failure) -> String? {
            guard let value = table[key] else { return nil }
            guard let string = value.string else { throw failure(key, "must be a string") }
            return string
        }
        func strings(_ key: String) throws(Failure) -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array, array.allSatisfy({ $0.string != nil }) else { throw failure(key, "must be an array of strings") }
            return array.compactMap(\.string)
        }
        for (key, _) in table {
            let known = [
                "reasoning_effort", "parallel_tool_calls", "truncation", "noise_reduction_strength", "transcription_delay",
                "transcription_keywords", "transcription_languages", "transcription_logprobs",
            ]
            guard known.contains(key) else { throw failure(key, "unknown setting; [session] takes \(known.joined(separator: ", "))") }
        }
        if let effort = try text("reasoning_effort") {
            guard let value = ReasoningEffort(rawValue: effort) else {
                throw failure("reasoning_effort", "'\(effort)' is not minimal, low, medium, high or xhigh")
            }
            defaults.reasoningEffort = value
        }
        if let value = table["parallel_tool_calls"] {
            guard let flag = value.bool else { throw failure("parallel_tool_calls", "must be true or false") }
            defaults.parallelToolCalls = flag
        }
        if let mode = try text("truncation") {
            guard let value = Truncation(argument: mode) else {
                throw failure("truncation", "'\(mode)' is not auto, disabled, RATIO or RATIO:TOKENS (e.g. \"0.8\" or \"0.8:20000\")")
            }
            defaults.truncation = value
        }
        if let value = table["noise_reduction_strength"] {
            guard let strength = value.double ?? value.int.map(Double.init) else { throw failure("noise_reduction_strength", "must be a number") }
            defaults.noiseReductionStrength = strength
        }
        if let delay = try text("transcription_delay") {
            guard let value = TranscriptionDelay(rawValue: delay) else {
                throw failure("transcription_delay", "'\(delay)' is not minimal, low, medium, high or xhigh")
            }
            defaults.transcriptionDelay = value
        }
        defaults.transcriptionKeywords = try strings("transcription_keywords")
        defaults.transcriptionLanguages = try strings("transcription_languages")
        if let value = table["transcription_logprobs"] {
            guard let flag = value.bool else { throw failure("transcription_logprobs", "must be true or false") }
            defaults.transcriptionLogprobs = flag
        }
        return defaults
    }

    static func tool(_ entry: TOMLTable, failure: (String, String, String?) -> Failure) throws(Failure) -> LocalTool {
        let allowed = ["name", "description", "parameters", "output", "command", "timeout_seconds"]
        for (key, _) in entry where !allowed.contains(key) {
            throw failure(key, "unknown tool key; a tool has \(allowed.joined(separator: ", "))", "[[tools]]")
        }
        guard let name = entry["name"]?.string, !name.isEmpty else { throw failure("[[tools]]", "every tool needs a name = \"…\"", nil) }
        let section = "name = \"\(name)\""
        let nameCharacters = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
        guard name.count <= 64, nameCharacters else {
            throw failure("name", "'\(name)' is not a function name the service takes; use up to 64 letters, digits, _ or -", section)
        }
        if let timeout = entry["timeout_seconds"], !(timeout.int.map { (1...600).contains($0) } ?? false) {
            throw failure("timeout_seconds", "must be a whole number of seconds, 1…600", section)
        }
        var parameters: JSONValue?
        if let value = entry["parameters"] {
            if let text = value.string {
                guard let parsed = try? JSONParser.parse(text) else {
                    throw failure("parameters", "is a string but not JSON; give a JSON Schema object", section)
                }
                parameters = parsed
            } else {
                parameters = json(value)
            }
        }
        let handler: ToolHandler
        switch (entry["output"]?.string, entry["command"]?.string) {
        case (let output?, nil):
            handler = .canned(output)
        case (nil, let command?):
            handler = .command(command, timeout: .seconds(entry["timeout_seconds"]?.int ?? 10))
        case (.some, .some):
            throw failure("command", "a tool has either output (a canned answer) or command, not both", section)
        case (nil, nil):
            throw failure(section, "tool \(name) needs output = '…' (a canned JSON answer) or command = '…'", nil)
        }
        return LocalTool(definition: ToolDefinition(name: name, description: entry["description"]?.string, parameters: parameters), handler: handler)
    }

    static func json(_ value: any TOMLValueConvertible) -> JSONValue {
        if let s = value.string { return .string(s) }
        if let b = value.bool { return .bool(b) }
        if let i = value.int { return .int(i) }
        if let d = value.double { return .number(d) }
        if let a = value.array { return .array(a.map { json($0) }) }
        if let t = value.table {
            var o: JSONObject = [:]
            for (k, v) in t { o[k] = json(v) }
            return .object(o)
        }
        return .null
    }
}
