extension Array where Element == Int16 {
    /// The samples multiplied by a linear `gain`, rounded and clamped to the 16-bit range.
    func scaled(by gain: Double) -> [Int16] {
        gain == 1 ? self : map { Int16(clamping: Int((Double($0) * gain).rounded())) }
    }
}
