import Testing

@testable import RealtimeCore

@Suite struct JSONTests {
    @Test func parsesAndWritesRoundTrip() throws {
        let text = #"{"a":1,"b":[true,false,null],"c":{"d":"e\n\"f\"","g":-2.5e3},"h":"\u00e9\ud83d\ude00"}"#
        let value = try JSONParser.parse(text)
        #expect(value["a"]?.intValue == 1)
        #expect(value["c"]?["d"]?.stringValue == "e\n\"f\"")
        #expect(value["c"]?["g"]?.doubleValue == -2500)
        #expect(value["h"]?.stringValue == "é😀")
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
    }

    @Test func keepsMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONWriter.compact(value) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test(arguments: [
        "", "{", #"{"a":}"#, "[1,]", "tru", #""unterminated"#, "01", "1.", #"{"a":1}x"#, #""\x""#, #""\ud800""#, "\"a\u{01}b\"",
    ])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test func findsTheEndOfALongStringWhereverItFalls() throws {
        let ascii = Array("QUJDRGVm+/0123456789abcdefghijklmnopqrstuvwxyz")
        let mixed = Array("base64+/é😀字")
        for length in 0..<40 {
            let plain = String((0..<length).map { mixed[$0 % mixed.count] })
            let prefix = String(ascii.prefix(length))
            #expect(try JSONParser.parse("[\"\(plain)\",1]") == .array([.string(plain), .number(1)]))
            #expect(try JSONParser.parse(#"{"k":"\#(prefix)\"q\\b\n"}"#)["k"]?.stringValue == prefix + "\"q\\b\n")
            #expect(throws: JSONError.self) { try JSONParser.parse("\"\(prefix)\u{1F}tail of the string\"") }
            #expect(throws: JSONError.self) { try JSONParser.parse("\"\(prefix)") }
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
    }

    @Test func writesNumbersAndEscapes() {
        var out = ""
        JSONWriter.writeNumber(300, into: &out)
        out += " "
        JSONWriter.writeNumber(0.5, into: &out)
        out += " "
        JSONWriter.writeString("tab\there\u{1}", into: &out)
        #expect(out == #"300 0.5 "tab\there\u0001""#)
    }

    @Test func objectEqualityIgnoresOrder() {
        let a: JSONValue = ["x": 1, "y": 2]
        let b: JSONValue = ["y": 2, "x": 1]
        #expect(a == b)
    }
}
