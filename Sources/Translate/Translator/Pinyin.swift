/// Hanyu pinyin for the Chinese in a sense, from pypinyin's tables in the index: the longest
/// word the phrase table knows at each place (so 银行 reads yínháng, 行为 xíngwéi), else
/// each character's most common reading.
struct Pinyin {
    let index: DictionaryIndex
    /// The longest word looked up in the phrase table.
    static let longestWord = 8

    /// `保持, 银行` → `bǎo chí, yín háng`. Runs of Han characters are converted; commas and
    /// semicolons between them are kept; anything else (Latin, brackets) is left out.
    func annotate(_ text: String) throws(DictionaryError) -> String {
        var out = "", run: [Character] = [], pendingSeparator = ""
        func flush() throws(DictionaryError) {
            guard !run.isEmpty else { return }
            if !out.isEmpty { out += pendingSeparator.isEmpty ? " " : pendingSeparator }
            out += try convert(run).joined(separator: " ")
            run = []
            pendingSeparator = ""
        }
        for c in text {
            if Self.isHan(c) {
                if run.isEmpty, !out.isEmpty, pendingSeparator.isEmpty { pendingSeparator = " " }
                run.append(c)
            } else {
                try flush()
                switch c {
                case ",", "，", "、": pendingSeparator = ", "
                case ";", "；": pendingSeparator = "; "
                default: break
                }
            }
        }
        try flush()
        return out
    }

    /// Forward maximum matching over one run of Han characters; one string per word.
    private func convert(_ run: [Character]) throws(DictionaryError) -> [String] {
        var words: [String] = [], i = 0
        while i < run.count {
            var matched = false
            // One search tells whether any word starts with these two characters; most
            // places have none, so the longer lookups are skipped.
            var canMatch = false
            if i + 1 < run.count { canMatch = try index.hasPinyinWord(startingWith: String(run[i...(i + 1)])) }
            for length in stride(from: min(Self.longestWord, run.count - i), through: 2, by: -1) where canMatch {
                if let reading = try index.pinyin(ofWord: String(run[i..<(i + length)])) {
                    words.append(reading)
                    i += length
                    matched = true
                    break
                }
            }
            if !matched {
                words.append(try index.pinyin(ofCharacter: run[i]) ?? String(run[i]))
                i += 1
            }
        }
        return words
    }

    /// CJK Unified Ideographs (with extension A) and compatibility ideographs.
    static func isHan(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x2FA1F).contains(v)
    }
}
