import Synchronization

/// A value guarded by a `Mutex`, shareable by reference between request tasks.
///
/// `Mutex` itself is non-copyable, so the types that hold small synchronous state (buckets, grants, the
/// fault generator, a manual clock) keep it in this one final class. `Value: Sendable` is what makes the
/// `Sendable` conformance checked rather than asserted.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<T: Sendable>(_ body: (inout sending Value) throws -> T) rethrows -> T {
        try mutex.withLock { value in try body(&value) }
    }
}
