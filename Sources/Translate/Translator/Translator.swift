/// The offline English→Chinese translator over a `DictionaryIndex`: whole entries for words
/// and phrases, base forms for inflections, and a word-by-word gloss for sentences.
/// Pure: it reads the index and returns values.
public struct Translator: Sendable {
    /// The dictionary it reads.
    public let index: DictionaryIndex
    /// Longer input is cut to this many characters (a pasted book stays fast).
    public static let maxInputCharacters = 4000
    /// The longest phrase (in words) looked up as one entry, alone or inside a sentence:
    /// ECDICT's idioms run to seven (`let the cat out of the bag`).
    static let longestPhrase = 7

    public init(index: DictionaryIndex) { self.index = index }

    /// Translates `input`: a word or phrase gets its whole entry (an inflected phrase, such as
    /// `gave up`, the entry of its base form), anything else a gloss.
    public func translate(_ input: String) throws(DictionaryError) -> Translation {
        let words = Self.words(in: String(input.prefix(Self.maxInputCharacters)))
        guard !words.isEmpty else { return .empty }
        if words.count == 1 {
            if let found = try lookup(words[0]) { return .word(found) }
            let suggestions = try index.headwords(startingWith: String(words[0].prefix(64)), limit: 5)
            return .notFound(word: words[0], suggestions: suggestions)
        }
        if words.count <= Self.longestPhrase, let found = try lookup(words.joined(separator: " ")) {
            return .phrase(found)
        }
        let items = try gloss(words)
        if items.count == 1, let headword = items[0].lemma, let found = try lookup(headword) {
            let shown = WordEntry(headword: items[0].source, phonetic: "", translation: "", exchange: "")
            return .phrase(WordLookup(query: items[0].source, entry: AnnotatedEntry(entry: shown, sensePinyin: []),
                                      baseForms: [BaseForm(kinds: [], entry: found.entry)]))
        }
        return .gloss(items)
    }

    /// The entry for one word or phrase, with the entries of its base forms; nil if unknown.
    public func lookup(_ word: String) throws(DictionaryError) -> WordLookup? {
        let entries = try index.entries(for: word).filter { !$0.translation.isEmpty || $0.lemma != nil }
        if let entry = entries.first {
            var bases: [BaseForm] = []
            if let lemma = entry.lemma, let base = try index.entries(for: lemma.word).first(where: { !$0.translation.isEmpty }) {
                bases.append(BaseForm(kinds: lemma.kinds, entry: try annotate(base)))
            }
            if entry.translation.isEmpty, bases.isEmpty { return nil }
            return WordLookup(query: word, entry: try annotate(entry), baseForms: bases)
        }
        let plain = Self.withoutAccents(word)
        if plain != word { return try lookup(plain).map { WordLookup(query: word, entry: $0.entry, baseForms: $0.baseForms) } }
        for candidate in Lemmatizer.candidates(word) where !word.contains(" ") {
            if let base = try index.entries(for: candidate).first(where: { !$0.translation.isEmpty }) {
                let shown = WordEntry(headword: word, phonetic: "", translation: "", exchange: "")
                return WordLookup(query: word, entry: AnnotatedEntry(entry: shown, sensePinyin: []),
                                  baseForms: [BaseForm(kinds: [], entry: try annotate(base))])
            }
        }
        return nil
    }

    private func annotate(_ entry: WordEntry) throws(DictionaryError) -> AnnotatedEntry {
        let pinyin = Pinyin(index: index)
        var lines: [String] = []
        let lemma = entry.lemma?.word
        for sense in entry.senses {
            // "keep的过去式和过去分词" describes a form; its pinyin would only be noise.
            let describesForm = lemma.map { sense.text.contains($0) } ?? false
            lines.append(describesForm ? "" : try pinyin.annotate(sense.text))
        }
        return AnnotatedEntry(entry: entry, sensePinyin: lines)
    }

    /// Latin letters with diacritics replaced by their base letter (`naïve` → `naive`,
    /// `café` → `cafe`): ECDICT spells most loanwords without them.
    static func withoutAccents(_ word: String) -> String {
        let from = Array("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")
        let to = Array("aaaaaaceeeeiiiinoooooouuuuyyAAAAAACEEEEIIIINOOOOOOUUUUY")
        var out = ""
        for c in word {
            if let i = from.firstIndex(of: c) { out.append(to[i]) } else if c.unicodeScalars.count > 1, let base = c.unicodeScalars.first, base.isASCII {
                out.unicodeScalars.append(base)
            } else { out.append(c) }
        }
        return out
    }

    /// The words of `text`: runs of letters and digits, with inner apostrophes, hyphens
    /// and dots (`don't`, `well-known`, `U.S.`); typographic apostrophes become `'`.
    static func words(in text: String) -> [String] {
        var words: [String] = [], current = ""
        func end() {
            while let last = current.last, "'-.".contains(last) { current.removeLast() }
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for c in text {
            let ch: Character = (c == "\u{2019}" || c == "\u{2018}") ? "'" : c
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if "'-.".contains(ch), !current.isEmpty {
                current.append(ch)
            } else {
                end()
            }
        }
        end()
        return words
    }
}
