/// Read-only bytes an index lives in. The dictionary reads them in place and never copies
/// the whole, so a memory-mapped file (see `TranslatorMmap`) costs nothing at open.
public protocol ByteStore: AnyObject, Sendable {
    /// The bytes; valid for as long as the store is alive, never mutated.
    var bytes: UnsafeRawBufferPointer { get }
}

/// Bytes held in memory: for tests and for tools that build or patch an index in memory.
public final class MemoryBytes: ByteStore, @unchecked Sendable {
    // @unchecked Sendable: `storage` is allocated and filled once in init, never written
    // again, and freed only in deinit, so concurrent readers see immutable bytes.
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `data` into a private, immutable buffer.
    public init(_ data: some Collection<UInt8>) {
        storage = .allocate(byteCount: max(data.count, 1), alignment: 16)
        storage.copyBytes(from: data)
        bytes = UnsafeRawBufferPointer(rebasing: storage[0..<data.count])
    }

    public let bytes: UnsafeRawBufferPointer

    deinit { storage.deallocate() }
}
