/// The offline dictionary: ECDICT's words with phonetics and word forms, and pinyin tables,
/// read in place from an index file (format TKDICT01, built by scripts/build-dict-index.py).
///
/// Opening checks the header and the section table only, so it costs microseconds whatever
/// the file's size; each lookup is a binary search over the sorted records.
public struct DictionaryIndex: Sendable {
    /// The format this reader understands.
    public static let magic: [UInt8] = Array("TKDICT01".utf8)
    static let version: UInt32 = 1

    let words: SortedTable
    let pinyinCharacters: SortedTable
    let pinyinWords: SortedTable

    /// Reads the header of `store`; throws `.corrupted` for anything that is not a whole index.
    public init(store: any ByteStore) throws(DictionaryError) {
        let bytes = store.bytes
        guard bytes.count >= 32 else { throw .corrupted(reason: "file is \(bytes.count) bytes, too short for a header") }
        guard Array(bytes[0..<8]) == Self.magic else { throw .corrupted(reason: "not a Tachikoma dictionary index (bad magic)") }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        guard u32(8) == Self.version else { throw .corrupted(reason: "index format \(u32(8)), this program reads \(Self.version)") }
        guard u64(16) == UInt64(bytes.count) else {
            throw .corrupted(reason: "file is \(bytes.count) bytes but its header says \(u64(16)) (truncated?)")
        }
        let sectionCount = Int(u32(12))
        guard sectionCount <= 64, 32 + 24 * sectionCount <= bytes.count else {
            throw .corrupted(reason: "section table does not fit in the file")
        }
        var found: [String: SortedTable] = [:]
        for s in 0..<sectionCount {
            let at = 32 + 24 * s
            let name = String(decoding: bytes[at..<(at + 4)], as: UTF8.self)
            let (count, offset, length) = (u32(at + 4), u64(at + 8), u64(at + 16))
            guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else {
                throw .corrupted(reason: "section \(name) lies outside the file")
            }
            found[name] = try SortedTable(store: store, offset: Int(offset), length: Int(length), count: Int(count), name: name)
        }
        func required(_ name: String) throws(DictionaryError) -> SortedTable {
            guard let table = found[name] else { throw .corrupted(reason: "section \(name) is missing") }
            return table
        }
        words = try required("WORD")
        pinyinCharacters = try required("PYCH")
        pinyinWords = try required("PYPH")
    }

    /// How many headwords (ECDICT entries plus word forms) the index holds.
    public var wordCount: Int { words.count }

    /// The entries whose headword equals `word` ignoring ASCII case, the exact spelling first.
    public func entries(for word: String) throws(DictionaryError) -> [WordEntry] {
        let range = try words.equalRange(Self.fold(word))
        var result: [WordEntry] = []
        for i in range {
            let f = try words.fields(i)
            guard f.count >= 4 else { throw .corrupted(reason: "word record \(i) has \(f.count) fields") }
            result.append(WordEntry(headword: f[0], phonetic: f[1], translation: f[2], exchange: f[3]))
        }
        return result.sorted { ($0.headword == word ? 0 : 1) < ($1.headword == word ? 0 : 1) }
    }

    /// The entry stored at `position` (0 ..< `wordCount`, in headword order): random access
    /// for the word book's quizzes, which draw distractors from the whole dictionary.
    public func entry(at position: Int) throws(DictionaryError) -> WordEntry {
        guard position >= 0, position < words.count else { throw .corrupted(reason: "no word record \(position)") }
        let f = try words.fields(position)
        guard f.count >= 4 else { throw .corrupted(reason: "word record \(position) has \(f.count) fields") }
        return WordEntry(headword: f[0], phonetic: f[1], translation: f[2], exchange: f[3])
    }

    /// Up to `limit` headwords that start with `prefix` (ASCII case ignored), in index order:
    /// suggestions for a word that is not there.
    public func headwords(startingWith prefix: String, limit: Int) throws(DictionaryError) -> [String] {
        let query = Self.fold(prefix)
        var i = try words.lowerBound(query), result: [String] = []
        while i < words.count, result.count < limit {
            let key = try words.key(i)
            guard key.count >= query.count, key.starts(with: query) else { break }
            if let head = try words.fields(i).first { result.append(head) }
            i += 1
        }
        return result
    }

    /// Whether some headword starts with `prefix` (ASCII case ignored): a phrase search in a
    /// sentence stops as soon as no headword continues the words read so far.
    public func hasHeadword(startingWith prefix: String) throws(DictionaryError) -> Bool {
        let query = Self.fold(prefix)
        let i = try words.lowerBound(query)
        guard i < words.count else { return false }
        return try words.key(i).starts(with: query)
    }

    /// The pinyin of one Chinese word from pypinyin's phrase table, syllables separated by
    /// spaces; nil when the table does not have it.
    func pinyin(ofWord word: String) throws(DictionaryError) -> String? {
        let range = try pinyinWords.equalRange(Array(word.utf8))
        return range.isEmpty ? nil : try pinyinWords.fields(range.lowerBound).first
    }

    /// Whether the phrase table has a word starting with `prefix`.
    func hasPinyinWord(startingWith prefix: String) throws(DictionaryError) -> Bool {
        let query = Array(prefix.utf8)
        let i = try pinyinWords.lowerBound(query)
        guard i < pinyinWords.count else { return false }
        return try pinyinWords.key(i).starts(with: query)
    }

    /// The most common reading of one character; nil when it has none.
    func pinyin(ofCharacter c: Character) throws(DictionaryError) -> String? {
        let range = try pinyinCharacters.equalRange(Array(String(c).utf8))
        guard !range.isEmpty, let readings = try pinyinCharacters.fields(range.lowerBound).first else { return nil }
        return readings.split(separator: ",").first.map(String.init)
    }

    /// ASCII-only case folding: exactly what the index builder applies to keys.
    static func fold(_ s: String) -> [UInt8] {
        s.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }
}
