/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@_optimize(none)
func blackHole<T>(_ value: T) {}
