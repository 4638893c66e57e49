/// A buffer of bytes that cannot be 16-bit PCM samples.
public struct PCMError: Error, Equatable, CustomStringConvertible {
    /// The number of bytes that was offered.
    public var byteCount: Int

    /// Creates the error for a buffer of an odd number of bytes.
    ///
    /// - Parameter oddByteCount: the byte count that is not a multiple of two.
    public init(oddByteCount: Int) {
        self.byteCount = oddByteCount
    }

    public var description: String {
        "PCM16 audio has an odd number of bytes (\(byteCount)), so it is not whole 16-bit samples; send two bytes per sample"
    }
}
