/// One section of the index: records sorted by key bytes, searched in place.
///
/// Layout (see scripts/build-dict-index.py): `UInt32 offsets[count + 1]`, then the records;
/// record `i` is `key 0x00 field (0x1F field)*`. Every read is bounds-checked, so a damaged
/// file throws `DictionaryError.corrupted` instead of reading outside the mapping.
struct SortedTable: Sendable {
    /// The record count.
    let count: Int
    private let base: Int
    private let recordsStart: Int
    private let recordsLength: Int
    private let store: any ByteStore

    init(store: any ByteStore, offset: Int, length: Int, count: Int, name: String) throws(DictionaryError) {
        let offsetsLength = (count + 1).multipliedReportingOverflow(by: 4)
        guard count >= 0, !offsetsLength.overflow, offsetsLength.partialValue <= length else {
            throw .corrupted(reason: "section \(name) is too short for \(count) records")
        }
        self.store = store
        self.count = count
        base = offset
        recordsStart = offset + offsetsLength.partialValue
        recordsLength = length - offsetsLength.partialValue
        guard try self.offset(0) == 0, try self.offset(count) == recordsLength else {
            throw .corrupted(reason: "section \(name) ends at the wrong place")
        }
    }

    private func offset(_ i: Int) throws(DictionaryError) -> Int {
        let bytes = store.bytes
        let at = base + 4 * i
        guard at >= 0, at + 4 <= bytes.count else { throw .corrupted(reason: "offset outside the file") }
        return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }

    /// The bytes of record `i`, checked to lie inside the section.
    func record(_ i: Int) throws(DictionaryError) -> UnsafeRawBufferPointer {
        let start = try offset(i), end = try offset(i + 1)
        guard start <= end, end <= recordsLength else {
            throw .corrupted(reason: "record \(i) lies outside its section")
        }
        return UnsafeRawBufferPointer(rebasing: store.bytes[(recordsStart + start)..<(recordsStart + end)])
    }

    /// The key bytes of record `i` (up to its 0x00).
    func key(_ i: Int) throws(DictionaryError) -> UnsafeRawBufferPointer {
        let r = try record(i)
        guard let nul = r.firstIndex(of: 0) else { throw .corrupted(reason: "record \(i) has no key end") }
        return UnsafeRawBufferPointer(rebasing: r[0..<nul])
    }

    /// The fields of record `i`, decoded as UTF-8 (invalid bytes become U+FFFD).
    func fields(_ i: Int) throws(DictionaryError) -> [String] {
        let r = try record(i)
        guard let nul = r.firstIndex(of: 0) else { throw .corrupted(reason: "record \(i) has no key end") }
        return r[(nul + 1)...].split(separator: 0x1F, omittingEmptySubsequences: false).map {
            String(decoding: UnsafeRawBufferPointer(rebasing: $0), as: UTF8.self)
        }
    }

    /// The first record whose key is not less than `query` (the count if none).
    func lowerBound(_ query: [UInt8]) throws(DictionaryError) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if try Self.compare(key(mid), query) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The indices of the records whose key equals `query`.
    func equalRange(_ query: [UInt8]) throws(DictionaryError) -> Range<Int> {
        let first = try lowerBound(query)
        var end = first
        while end < count, try Self.compare(key(end), query) == 0 { end += 1 }
        return first..<end
    }

    /// Byte-wise comparison, shorter first on a common prefix: the order Python sorts bytes in.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] {
            return a[i] < b[i] ? -1 : 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
