/// A field in a partial update that can be set to a value or explicitly cleared with `null`.
///
/// Use it as `Nullable<T>?`: `nil` means "not present" (leave unchanged), `.null` means "clear".
public enum Nullable<Wrapped: Sendable & Equatable>: Sendable, Equatable {
    /// Clear the field.
    case null
    /// Set the field.
    case value(Wrapped)

    /// The wrapped value, or nil when cleared.
    public var value: Wrapped? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// Wraps an optional: nil becomes `.null`.
    public init(_ optional: Wrapped?) {
        self = optional.map(Nullable.value) ?? .null
    }
}
