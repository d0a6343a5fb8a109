import Foundation

/// A value behind a pthread mutex (NSLock), for the harness's own threads. Not
/// Synchronization's `Mutex`: on Linux that locks with raw futex calls ThreadSanitizer cannot
/// see, so `make sanitize` reported its guarded accesses as races.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched inside `lock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
