import Foundation
import Testing

@testable import RealtimeCore

@Suite struct EndpointResolverTests {
    func resolve(_ flags: EndpointResolver.Flags = .init(), env: [String: String] = [:], dotEnv: [String: String] = [:])
        throws(EndpointResolver.Failure) -> EndpointResolver.Decision
    {
        try EndpointResolver(flags: flags, environment: env, dotEnv: dotEnv).resolve()
    }

    @Test func noKeyMeansTheLocalSimulator() throws {
        #expect(try resolve() == .localSimulator(model: "gpt-realtime-2.1", api: .realtime, dialect: .ga))
    }

    @Test func openAIKeyFromEnvironmentBeatsDotEnv() throws {
        guard case .remote(let endpoint) = try resolve(env: ["OPENAI_API_KEY": "sk-env-123456"], dotEnv: ["OPENAI_API_KEY": "sk-dotenv-123456"])
        else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.url.absoluteString == "wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1")
        #expect(endpoint.credential?.secret == "sk-env-123456")
        #expect(endpoint.headers.contains { $0.name == "Authorization" && $0.value == "Bearer sk-env-123456" })
        #expect(endpoint.dialect == .ga)
    }

    @Test func keyFromDotEnv() throws {
        guard case .remote(let endpoint) = try resolve(dotEnv: DotEnv.parse("# comment\nexport OPENAI_API_KEY=\"sk-dotenv-abcdef\"\n")) else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.credential?.source == "OPENAI_API_KEY in .env")
    }

    @Test func namedVariable() throws {
        var flags = EndpointResolver.Flags()
        flags.apiKeyVariable = "MY_KEY"
        guard case .remote(let endpoint) = try resolve(flags, env: ["MY_KEY": "sk-mine-1234567"]) else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.credential?.secret == "sk-mine-1234567")
        #expect(throws: EndpointResolver.Failure.self) { try resolve(flags) }
    }

    @Test func customEndpointWithBetaDialect() throws {
        var flags = EndpointResolver.Flags()
        flags.endpoint = "http://127.0.0.1:8765/v1/"
        flags.dialect = .beta
        flags.model = "gpt-4o-realtime-preview"
        guard case .remote(let endpoint) = try resolve(flags) else {
            Issue.record("not remote")
            return
        }
        #expect(endpoint.url.absoluteString == "ws://127.0.0.1:8765/v1/realtime?model=gpt-4o-realtime-preview")
        #expect(endpoint.extraHeaders["OpenAI-Beta"] == "realtime=v1")
        #expect(endpoint.credential == nil)
    }

    @Test func azureGAAndPreview() throws {
        var flags = EndpointResolver.Flags()
        flags.azureEndpoint = "myres"
        flags.azureDeployment = "rt-deploy"
        guard case .remote(let ga) = try resolve(flags, env: ["AZURE_OPENAI_API_KEY": "azkey-123456789"]) else {
            Issue.record("not remote")
            return
        }
        #expect(ga.url.absoluteString == "wss://myres.openai.azure.com/openai/v1/realtime?model=rt-deploy")
        #expect(ga.headers.contains { $0.name == "api-key" })
        #expect(ga.defaultSessionLimit == .seconds(1800))
        flags.azureAPIVersion = "2025-04-01-preview"
        guard case .remote(let preview) = try resolve(flags, env: ["AZURE_OPENAI_API_KEY": "azkey-123456789"]) else {
            Issue.record("not remote")
            return
        }
        #expect(preview.dialect == .beta)
        #expect(preview.url.absoluteString == "wss://myres.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt-deploy")
        #expect(throws: EndpointResolver.Failure.self) { try resolve(flags) }
    }

    @Test func badEndpointIsOneClearLine() {
        var flags = EndpointResolver.Flags()
        flags.endpoint = "ftp://example.com"
        do {
            _ = try resolve(flags)
            Issue.record("accepted ftp")
        } catch {
            #expect(error.message.contains("ws://"))
            #expect(!error.message.contains("\n"))
        }
    }
}
