/// Makes the ids of one session (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`, `conv_…`): a random tag per
/// session followed by a counter, so ids are unique without a random draw per event.
struct IDGenerator: Sendable {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    private let tag: String
    private var counter = 0

    /// Creates a generator with a fresh random tag.
    init() {
        var generator = SystemRandomNumberGenerator()
        tag = String((0..<10).map { _ in Self.alphabet.randomElement(using: &generator)! })
    }

    /// The next id with a prefix such as `item`.
    mutating func next(_ prefix: String) -> String {
        counter += 1
        var digits: [Character] = []
        var value = counter
        while value > 0 {
            digits.append(Self.alphabet[value % Self.alphabet.count])
            value /= Self.alphabet.count
        }
        while digits.count < 6 { digits.append("0") }
        return prefix + "_" + tag + String(digits.reversed())
    }
}
