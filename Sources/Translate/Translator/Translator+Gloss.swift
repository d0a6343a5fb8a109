/// The 逐词释义 gloss of a sentence: the phrases ECDICT has, found through each word's base
/// forms (`gave up` → `give up`, `changed their minds` → `change one's mind`), chosen so that
/// the longest phrases win and a phrase led by a verb beats an overlapping one led by a
/// particle (`gave up | on`, not `gave | up on`); the other words one by one.
extension Translator {
    /// A phrase found in a sentence: words `start..<end` read as `entry`.
    struct PhraseMatch {
        var start: Int
        var end: Int
        var entry: WordEntry
        var sense: String
    }

    /// Phrases ECDICT has whose one sense misreads the common use, so a gloss never uses
    /// them as a unit: `I gave up on the old book` is `give up` (放弃) + `on`, not
    /// `give up on` (不再相信); `looks words up for you` has no `up for` (在选举中被提名供考虑),
    /// `pick one up` no `one up` (胜过).
    static let phrasesAGlossAvoids: Set<String> = ["give up on", "up for", "one up"]

    /// Words that lead a phrase as a particle or preposition (`up on`, `out of time`): such a
    /// phrase loses a tie against an overlapping one led by a verb or a noun.
    static let particles: Set<String> = [
        "about", "above", "across", "after", "against", "along", "around", "as", "at", "away", "back",
        "before", "behind", "below", "beside", "between", "by", "down", "for", "from", "in", "into",
        "of", "off", "on", "onto", "out", "over", "past", "round", "since", "through", "till", "to",
        "toward", "towards", "under", "until", "up", "upon", "with", "within", "without",
    ]

    /// What a possessive or reflexive word stands for in ECDICT's idioms (`one's`, `oneself`).
    static let placeholders: [String: String] = [
        "my": "one's", "your": "one's", "his": "one's", "her": "one's", "its": "one's", "our": "one's",
        "their": "one's", "one's": "one's", "myself": "oneself", "yourself": "oneself",
        "himself": "oneself", "herself": "oneself", "itself": "oneself", "ourselves": "oneself",
        "yourselves": "oneself", "themselves": "oneself", "oneself": "oneself",
    ]

    /// Greedy choice is not enough (`gave up on`: the phrase at `up` would eat the particle of
    /// the phrase at `gave`), so this picks the segmentation with the greatest weight: a phrase
    /// of n words weighs 2n² (+1 unless a particle leads it), a single word 0; on a tie the
    /// phrase that starts earlier wins. Words outside phrases are glossed one by one, through
    /// their base form when needed.
    func gloss(_ words: [String]) throws(DictionaryError) -> [GlossItem] {
        var forms: [PhraseForms] = []
        for word in words { forms.append(try Self.phraseForms(of: word, index: index)) }
        var found: [[PhraseMatch]] = []
        for start in words.indices { found.append(try phrases(startingAt: start, forms: forms)) }

        // best[i]: the greatest weight of words i...; choice[i]: the phrase taken at i, if any.
        var best = [Int](repeating: 0, count: words.count + 1)
        var choice = [PhraseMatch?](repeating: nil, count: words.count + 1)
        for i in words.indices.reversed() {
            best[i] = best[i + 1]
            for match in found[i] {  // longest first; ties go to the longer phrase
                let total = Self.weight(match, words: words) + best[match.end]
                if total > best[i] || (total == best[i] && choice[i] == nil) {
                    best[i] = total
                    choice[i] = match
                }
            }
        }

        var items: [GlossItem] = [], i = 0
        while i < words.count {
            if let match = choice[i] {
                let source = words[match.start..<match.end].joined(separator: " ")
                let lemma = match.entry.headword.lowercased() == source.lowercased() ? nil : match.entry.headword
                items.append(GlossItem(source: source, lemma: lemma, sense: match.sense))
                i = match.end
                continue
            }
            items.append(try wordItem(words, at: i))
            i += 1
        }
        return items
    }

    /// How one word may be spelled inside a phrase headword, in order of preference: as it
    /// leads a phrase, and inside one. A leading verb's base form comes before its own
    /// spelling, so `giving up` reads as `give up` although ECDICT also lists `giving up` (and
    /// `grown up` as an adjective, 成年的); a noun keeps its own number first, as idioms
    /// differ by it (`take notes` 记笔记, `take note` 重视).
    struct PhraseForms {
        /// Leading a phrase: the verb's base form (`gave` → `give`, `lives` → `live`) too.
        var leading: [String]
        /// Inside a phrase: a plural's singular (`tempers` → `temper`) and the placeholder a
        /// possessive or reflexive fills (`their` → `one's`), never a verb's base form
        /// (`coat stood` is not `coat stand`).
        var inner: [String]
    }

    /// The phrases that start at word `start`, longest first: every headword spelled by one
    /// form of each word in turn, each step kept only while some headword continues it. Of
    /// two spellings of the same words the one with base forms earlier wins. A verb followed
    /// by a one-word object also reads through it, as ECDICT writes separable phrases
    /// (`pick one up` → `pick sth up`, `turn it off` → `turn off`, `keep it in mind` → `keep
    /// in mind`); on equal length the phrase without the object comes first.
    func phrases(startingAt start: Int, forms: [PhraseForms]) throws(DictionaryError) -> [PhraseMatch] {
        var result = try phrases(start: start, prefixes: forms[start].leading, from: start + 1, forms: forms)
        if start + 2 < forms.count, let lead = forms[start].inner.first, !Self.particles.contains(lead),
           let object = forms[start + 1].inner.first, let stands = Self.objects[object] {
            for placeholder in stands + [nil] {
                let prefixes = forms[start].leading.map { lead in placeholder.map { lead + " " + $0 } ?? lead }
                for match in try phrases(start: start, prefixes: prefixes, from: start + 2, forms: forms)
                where !result.contains(where: { $0.end == match.end }) {
                    result.append(match)
                }
            }
        }
        return result.sorted { $0.end > $1.end }
    }

    /// Phrases spelled by `prefixes` followed by forms of the words from `from` on, shortest
    /// first; each covers the words `start..<end`.
    private func phrases(start: Int, prefixes first: [String], from: Int, forms: [PhraseForms]) throws(DictionaryError) -> [PhraseMatch] {
        var result: [PhraseMatch] = []
        var prefixes = first
        var end = from
        while end < min(forms.count, start + Self.longestPhrase), !prefixes.isEmpty {
            var next: [String] = [], matched = false
            for prefix in prefixes where try index.hasHeadword(startingWith: prefix + " ") {
                for form in forms[end].inner {
                    let phrase = prefix + " " + form
                    next.append(phrase)
                    if !matched, !Self.phrasesAGlossAvoids.contains(phrase),
                       let entry = try index.entries(for: phrase).first(where: { !$0.translation.isEmpty }),
                       let sense = entry.shortSense {
                        result.append(PhraseMatch(start: start, end: end + 1, entry: entry, sense: sense))
                        matched = true
                    }
                }
            }
            prefixes = next
            end += 1
        }
        return result
    }

    /// One-word objects a separable phrase may hold, and the placeholders ECDICT writes for
    /// them (`sb` for a person, `sth` for a thing).
    static let objects: [String: [String]] = {
        var objects: [String: [String]] = [:]
        for word in ["it", "this", "that", "one", "something", "everything", "anything", "nothing"] { objects[word] = ["sth"] }
        for word in ["me", "him", "us", "someone", "somebody", "everyone", "everybody"] { objects[word] = ["sb"] }
        for word in ["them", "her", "you"] { objects[word] = ["sth", "sb"] }
        return objects
    }()

    /// The spellings of one word in phrase headwords, from ECDICT's form table (`gave` →
    /// `give`, `minds` → `mind`), the regular verb rules for a leading word (`lives` → `live`,
    /// which ECDICT files under `life`), and the placeholders (`their` → `one's`).
    /// Comparatives keep their own spelling (`a better job` is not `a good job`).
    static func phraseForms(of word: String, index: DictionaryIndex) throws(DictionaryError) -> PhraseForms {
        let lower = word.lowercased()
        func add(_ form: String, to list: inout [String]) {
            let f = form.lowercased()
            if !f.isEmpty, f != lower, !list.contains(f) { list.append(f) }
        }
        var verbBases: [String] = [], singulars: [String] = []
        let verbKinds: Set<WordForm.Kind> = [.past, .pastParticiple, .presentParticiple, .thirdPerson]
        for entry in try index.entries(for: lower) {
            guard let lemma = entry.lemma else { continue }
            let kinds = Set(lemma.kinds)
            if kinds.isEmpty || !kinds.isDisjoint(with: verbKinds) { add(lemma.word, to: &verbBases) }
            if kinds.contains(.plural) { add(lemma.word, to: &singulars) }
        }
        for candidate in Lemmatizer.candidates(lower, verbsOnly: true) where !verbBases.contains(candidate) {
            if try !index.entries(for: candidate).isEmpty { add(candidate, to: &verbBases) }
        }
        let placeholder = placeholders[lower].map { [$0] } ?? []
        func unique(_ forms: [String]) -> [String] {
            var seen = Set<String>()
            return forms.filter { seen.insert($0).inserted }
        }
        return PhraseForms(leading: unique(verbBases + [lower] + singulars + placeholder),
                           inner: unique([lower] + singulars + placeholder))
    }

    /// A phrase of n words weighs 2n², one more when a verb or a noun (not a particle) leads it.
    static func weight(_ match: PhraseMatch, words: [String]) -> Int {
        let n = match.end - match.start
        return 2 * n * n + (particles.contains(words[match.start].lowercased()) ? 0 : 1)
    }

    /// One word glossed alone: its short sense, through its base form when it is a form, with
    /// the part of speech the word before it suggests.
    func wordItem(_ words: [String], at i: Int) throws(DictionaryError) -> GlossItem {
        let word = words[i]
        var context = i > 0 ? Self.contextLabels(after: words[i - 1]) : []
        if i == 0, i + 1 < words.count, Self.objectStarts.contains(words[i + 1].lowercased()) {
            // A sentence that starts with a word and then its object is an imperative
            // (`Keep your pet close`): the verb.
            context = ["vt.", "v.", "vi."]
        }
        guard let found = try lookup(word) else { return GlossItem(source: word, lemma: nil, sense: nil) }
        if let base = found.baseForms.first {
            let labels = context + base.kinds.flatMap(\.labels) + WordEntry.functionLabels
            return GlossItem(source: word, lemma: base.entry.entry.headword,
                             sense: base.entry.entry.shortSense(preferring: labels))
        }
        let labels = context + WordEntry.functionLabels
        return GlossItem(source: word, lemma: nil, sense: found.entry.entry.shortSense(preferring: labels))
    }

    /// The parts of speech the word after `previous` most likely has: a noun (or adjective)
    /// after a determiner, a verb after a subject pronoun, a modal or `to`; a modal's own
    /// `aux.` sense first in both cases (`the will` is a noun, `I will` the auxiliary).
    static func contextLabels(after previous: String) -> [String] {
        let p = previous.lowercased()
        if determiners.contains(p) { return ["n.", "a.", "adj."] }
        if verbLeaders.contains(p) { return ["aux.", "vt.", "vi.", "v."] }
        return []
    }

    /// Words that start an object: determiners and object pronouns.
    static let objectStarts: Set<String> = determiners.union(["it", "me", "him", "us", "them", "everything", "something"])

    static let determiners: Set = ["the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her",
                                   "its", "our", "their", "some", "any", "no", "every", "each", "another"]
    static let verbLeaders: Set = ["to", "i", "you", "we", "they", "he", "she", "will", "would", "can", "could",
                                   "shall", "should", "may", "might", "must", "don't", "doesn't", "didn't", "not",
                                   "let's", "please", "never"]
}
