import Foundation
import Testing

@testable import RealtimeCore

/// Choosing GPT-Live: by model or `--api`, on OpenAI, Azure, any base URL and the simulator.
struct LiveEndpointTests {
    func resolve(_ configure: (inout EndpointResolver.Flags) -> Void, env: [String: String] = [:]) throws(EndpointResolver.Failure)
        -> EndpointResolver.Decision
    {
        var flags = EndpointResolver.Flags()
        configure(&flags)
        return try EndpointResolver(flags: flags, environment: env, dotEnv: [:]).resolve()
    }

    @Test func aLiveModelSelectsGPTLiveOnOpenAI() throws {
        guard case .remote(let endpoint) = try resolve({ $0.model = "gpt-live-1.1" }, env: ["OPENAI_API_KEY": "sk-test-123456"]) else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.api == .live)
        #expect(endpoint.url.absoluteString == "wss://api.openai.com/v1/live/sessions", "no query: the model goes in session.start")
        #expect(endpoint.headers.contains { $0.name == "Authorization" && $0.value == "Bearer sk-test-123456" })
        #expect(!endpoint.headers.contains { $0.name == "OpenAI-Beta" })
    }

    @Test func theAPIFlagWinsOverTheModel() throws {
        guard
            case .remote(let live) = try resolve(
                {
                    $0.model = "my-deployment"
                    $0.api = .live
                }, env: ["OPENAI_API_KEY": "sk-test-123456"]),
            case .remote(let realtime) = try resolve(
                {
                    $0.model = "gpt-live-1"
                    $0.api = .realtime
                }, env: ["OPENAI_API_KEY": "sk-test-123456"])
        else {
            Issue.record("not remote")
            return
        }
        #expect(live.api == .live)
        #expect(realtime.api == .realtime)
        #expect(realtime.url.path == "/v1/realtime")
    }

    @Test func azureUsesTheDeploymentAsTheModelAndAnAPIKeyHeader() throws {
        let decision = try resolve(
            {
                $0.model = "gpt-live-1"
                $0.azureEndpoint = "contoso"
                $0.azureDeployment = "live-prod"
            }, env: ["AZURE_OPENAI_API_KEY": "azkey-123456"])
        guard case .remote(let endpoint) = decision else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.url.absoluteString == "wss://contoso.openai.azure.com/openai/v1/live/sessions")
        #expect(endpoint.model == "live-prod")
        #expect(endpoint.headers.contains { $0.name == "api-key" && $0.value == "azkey-123456" })
    }

    @Test func anyBaseURLGetsTheLiveRoute() throws {
        for base in ["http://127.0.0.1:8765/v1", "ws://127.0.0.1:8765/v1/", "ws://127.0.0.1:8765/v1/live/sessions"] {
            guard
                case .remote(let endpoint) = try resolve({
                    $0.model = "gpt-live-1"
                    $0.endpoint = base
                })
            else {
                Issue.record("not remote for \(base)")
                continue
            }
            #expect(endpoint.url.absoluteString == "ws://127.0.0.1:8765/v1/live/sessions", "from \(base)")
        }
    }

    @Test func noKeyMeansTheSimulatorOnGPTLive() throws {
        #expect(try resolve({ $0.model = "gpt-live-1" }) == .localSimulator(model: "gpt-live-1", api: .live, dialect: .ga))
    }

    @Test func realtimeOnlyConnectionSettingsAreRefusedOnLive() {
        #expect(throws: EndpointResolver.Failure.self) {
            try resolve {
                $0.model = "gpt-live-1"
                $0.dialect = .beta
            }
        }
        #expect(throws: EndpointResolver.Failure.self) {
            try resolve(
                {
                    $0.model = "gpt-live-1"
                    $0.azureEndpoint = "contoso"
                    $0.azureAPIVersion = "2025-04-01-preview"
                }, env: ["AZURE_OPENAI_API_KEY": "k-123456"])
        }
    }

    @Test func modelsPickTheirProtocol() {
        #expect(VoiceAPI.forModel("gpt-live-1") == .live)
        #expect(VoiceAPI.forModel("gpt-live-2-preview") == .live)
        #expect(VoiceAPI.forModel("gpt-realtime-2.1") == .realtime)
        #expect(VoiceAPI.forModel("my-azure-deployment") == .realtime)
    }
}
