/// What one per-operation benchmark measured: time per operation and allocations per operation.
struct OperationResult: Sendable {
    /// What the operation does, as the table shows it.
    var name: String
    /// Nanoseconds per operation, one value per timed operation.
    var nanoseconds: Summary
    /// Heap allocations per operation (malloc-family calls), nil when they could not be counted.
    var allocations: Double?
    /// Bytes requested per operation.
    var bytes: Double?
}
