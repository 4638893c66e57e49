import Testing

@testable import RealtimeSim

@Suite struct G711Tests {
    static let ramp: [Int16] = stride(from: -32768, through: 32767, by: 97).map { Int16($0) }

    @Test func knownCodes() {
        #expect(G711.encodeMuLaw([0]) == [0xFF])
        #expect(G711.decodeMuLaw([0xFF]) == [0])
        #expect(G711.encodeALaw([0]) == [0xD5])
        #expect(G711.decodeALaw([0xD5]) == [8])
    }

    @Test(arguments: [true, false])
    func roundTripStaysWithinTheQuantisationStep(muLaw: Bool) {
        let decoded = muLaw ? G711.decodeMuLaw(G711.encodeMuLaw(Self.ramp)) : G711.decodeALaw(G711.encodeALaw(Self.ramp))
        for (original, back) in zip(Self.ramp, decoded) {
            let error = abs(Int(original) - Int(back))
            #expect(error <= max(40, abs(Int(original)) / 14), "\(original) came back as \(back)")
        }
    }

    @Test(arguments: [true, false])
    func everyCodeSurvivesDecodeAndEncode(muLaw: Bool) {
        let codes = (0...255).map(UInt8.init)
        let again = muLaw ? G711.encodeMuLaw(G711.decodeMuLaw(codes)) : G711.encodeALaw(G711.decodeALaw(codes))
        for (code, back) in zip(codes, again) where !(muLaw && code == 0x7F) {
            #expect(code == back, "code \(code) came back as \(back)")
        }
    }
}
