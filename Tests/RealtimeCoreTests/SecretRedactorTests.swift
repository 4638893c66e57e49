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
        let redactor = SecretRedactor()
        for text in [
            "task-list: ask the model", "a risk-assessment-framework for desk-based work", "seek_forgiveness_not_permission",
            "Bearer", "ordinary 字幕 and émoji 😀 text", "", " ",
        ] {
            #expect(redactor.redact(text) == text)
        }
    }

    @Test func masksEveryKeyInAToken() {
        let redactor = SecretRedactor()
        #expect(
            redactor.redact(#"{"note":"risk-it","key":"sk-proj-AbCdEf1234567890","other":"ek_0123456789abcdef"}"#)
                == #"{"note":"risk-it","key":"sk-proj-…(redacted)","other":"ek_…(redacted)"}"#)
        #expect(redactor.redact("sk-abcdefgh12,sk-svcacct-XYZ_0123456789;") == "sk-…(redacted),sk-svcacct-…(redacted);")
        #expect(
            redactor.redact("protocols realtime,openai-insecure-api-key.sk-proj-Abc123456789 here")
                == "protocols realtime,openai-insecure-api-key.…(redacted) here")
        #expect(redactor.redact("short sk-abc stays") == "short sk-abc stays")
        #expect(
            redactor.redact(#"{"text":"first line\nsk-abcdefgh1234\tek_abcdefgh1234"}"#)
                == #"{"text":"first line\nsk-…(redacted)\tek_…(redacted)"}"#)
    }

    @Test func masksTheTokenAfterACredentialLabel() {
        let redactor = SecretRedactor()
        #expect(redactor.redact(#"{"Authorization":"Bearer abcdefghij"}"#) == #"{"Authorization":"Bearer …(redacted)"}"#)
        #expect(redactor.redact("authorization: BEARER tok3n-value, then more") == "authorization: BEARER …(redacted), then more")
        #expect(redactor.redact(#"{"api-key": "zzzzzzzzzz"}"#) == #"{"api-key": "…(redacted)"}"#)
        #expect(redactor.redact("Bearer  two-spaces-value") == "Bearer  two-spaces-value")
    }

    @Test func masksARegisteredSecretEverywhereInALongText() {
        let redactor = SecretRedactor()
        redactor.register("hunter2-the-password")
        let filler = String(repeating: "字幕 words and more words, ", count: 4_000)
        let text = "hunter2-the-password " + filler + "x:hunter2-the-password" + filler + "hunter2-the-passwor"
        let redacted = redactor.redact(text)
        #expect(!redacted.contains("hunter2-the-password"))
        #expect(redacted == "…(redacted) " + filler + "x:…(redacted)" + filler + "hunter2-the-passwor")
    }

    @Test func masksARegisteredKeysBodyEchoedWithoutItsPrefix() {
        let redactor = SecretRedactor()
        redactor.register("sk-proj-LEAKTEST123456789")
        #expect(redactor.redact("Incorrect API key provided: LEAKTEST123456789. You can") == "Incorrect API key provided: …(redacted). You can")
        #expect(redactor.redact("key sk-proj-LEAKTEST123456789 used") == "key sk-proj-…(redacted) used")
    }

    @Test func aBearerPrefixedKeyKeepsTheSentenceAroundIt() {
        let redactor = SecretRedactor()
        redactor.register("sk-proj-abcdefghijklmnop")
        #expect(
            redactor.redact("Incorrect API key provided: Bearer sk-proj-abcdefghijklmnop. You can find your key")
                == "Incorrect API key provided: Bearer sk-proj-…(redacted). You can find your key")
        #expect(SecretRedactor().redact("header Bearer abcdefghijkl: rejected") == "header Bearer …(redacted): rejected")
    }
}
