import Testing
@testable import RealtimeCore

@Suite struct SecretRedactorTests {
    @Test func removesRegisteredSecretsAndKeyShapes() {
        let redactor = SecretRedactor()
        redactor.register("custom-secret-value")
        let text = "key custom-secret-value and sk-proj-AbCdEf1234567890 and Authorization: Bearer ek_abcdef123456 and \"api-key\": \"zzzzzzzzzz\""
        let redacted = redactor.redact(text)
        #expect(!redacted.contains("custom-secret-value"))
        #expect(!redacted.contains("AbCdEf1234567890"))
        #expect(!redacted.contains("ek_abcdef123456"))
        #expect(!redacted.contains("zzzzzzzzzz"))
        #expect(redacted.contains("sk-proj-…(redacted)"))
    }

    @Test func credentialNeverPrintsItsSecret() {
        let credential = Credential(secret: "sk-live-1234567890abcdef", source: "OPENAI_API_KEY")
        #expect(!"\(credential)".contains("1234567890"))
        #expect(!String(reflecting: credential).contains("1234567890"))
    }

    @Test func leavesOrdinaryTextAlone() {
        #expect(SecretRedactor().redact("task-list: ask the model") == "task-list: ask the model")
    }
}
