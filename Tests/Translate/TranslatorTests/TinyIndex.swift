/// Builds a small TKDICT01 index in memory, the same layout scripts/build-dict-index.py
/// writes, so tests can damage precise bytes.
enum TinyIndex {
    /// Where the WORD section starts (header 32 + 3 section entries of 24).
    static let wordSectionOffset = 32 + 3 * 24

    static func build(words: [(String, String)]) -> [UInt8] {
        let records = words.sorted { $0.0 < $1.0 }.map { Array($0.0.lowercased().utf8) + [0] + Array("\($0.0)\u{1F}\u{1F}\($0.1)\u{1F}".utf8) }
        let sections = [section(records), section([]), section([])]
        var body: [UInt8] = []
        var table: [UInt8] = []
        var offset = wordSectionOffset
        for (name, (data, count)) in zip(["WORD", "PYCH", "PYPH"], sections) {
            table += Array(name.utf8) + le32(count) + le64(offset) + le64(data.count)
            body += data
            offset += data.count
        }
        return Array("TKDICT01".utf8) + le32(1) + le32(3) + le64(offset) + le32(0) + le32(0) + table + body
    }

    private static func section(_ records: [[UInt8]]) -> ([UInt8], Int) {
        var offsets: [UInt8] = [], blob: [UInt8] = []
        for r in records { offsets += le32(blob.count); blob += r }
        offsets += le32(blob.count)
        return (offsets + blob, records.count)
    }

    private static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    private static func le64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
