import Translator

/// A small dictionary built in memory in the index format scripts/build-dict-index.py
/// writes (TKDICT01: WORD, PYCH and PYPH sections), so the panel's tests see real
/// `Translation` values from the real translator without the installed ECDICT.
enum TinyDictionary {
    /// Words: headword, phonetic, senses (one per line), exchange.
    static let words: [(String, String, String, String)] = [
        ("keep", "kip", "n. 生计, 维持\nvt. 保持, 保存, 遵守, 看守, 整理, 维持, 履行, 经营, 拘留, 记帐\nvi. 保持, 继续不断",
         "p:kept/d:kept/i:keeping/3:keeps"),
        ("kept", "kɛpt", "keep的过去式和过去分词", "0:keep/1:pd"),
        ("cat", "kæt", "n. 猫", ""),
        ("the", "ðə", "art. 那", ""),
        ("give up", "", "放弃", ""),
    ]
    static let characters: [(String, String)] = [
        ("生", "shēng"), ("计", "jì"), ("维", "wéi"), ("持", "chí"), ("保", "bǎo"), ("存", "cún"), ("遵", "zūn"),
        ("守", "shǒu"), ("看", "kān"), ("整", "zhěng"), ("理", "lǐ"), ("履", "lǚ"), ("行", "xíng"), ("经", "jīng"),
        ("营", "yíng"), ("拘", "jū"), ("留", "liú"), ("记", "jì"), ("帐", "zhàng"), ("继", "jì"), ("续", "xù"),
        ("不", "bù"), ("断", "duàn"), ("猫", "māo"), ("那", "nà"), ("放", "fàng"), ("弃", "qì"),
    ]

    static func translator() throws -> Translator {
        Translator(index: try DictionaryIndex(store: MemoryBytes(build())))
    }

    static func build() -> [UInt8] {
        let wordRecords = words.map { (w, ph, tr, ex) in (Array(w.lowercased().utf8), [w, ph, tr, ex]) }
        let charRecords = characters.map { (Array($0.0.utf8), [$0.1]) }
        let sections = [section(wordRecords), section(charRecords), section([])]
        let start = 32 + 3 * 24
        var body: [UInt8] = [], table: [UInt8] = [], offset = start
        for (name, (data, count)) in zip(["WORD", "PYCH", "PYPH"], sections) {
            table += Array(name.utf8) + le32(count) + le64(offset) + le64(data.count)
            body += data
            offset += data.count
        }
        return Array("TKDICT01".utf8) + le32(1) + le32(3) + le64(offset) + le32(0) + le32(0) + table + body
    }

    private static func section(_ records: [([UInt8], [String])]) -> ([UInt8], Int) {
        let sorted = records.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        var offsets: [UInt8] = [], blob: [UInt8] = []
        for (key, fields) in sorted {
            offsets += le32(blob.count)
            blob += key + [0] + Array(fields.joined(separator: "\u{1F}").utf8)
        }
        offsets += le32(blob.count)
        return (offsets + blob, sorted.count)
    }

    private static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    private static func le64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
}
