/// One ECDICT entry as the index stores it: the headword, its phonetic, its translation
/// lines, and its word forms.
public struct WordEntry: Hashable, Sendable {
    /// The headword with ECDICT's spelling (`keep`, `AACS`, `give up`).
    public var headword: String
    /// IPA (General American, from CMUdict) without slashes; empty when unknown.
    public var phonetic: String
    /// ECDICT's translation: one sense group per line (`vt. 保持, 保存`, `[计] 作废字符`).
    public var translation: String
    /// ECDICT's exchange field: `p:kept/d:kept/…` on a lemma, `0:keep/1:pd` on a form.
    public var exchange: String

    public init(headword: String, phonetic: String, translation: String, exchange: String) {
        self.headword = headword
        self.phonetic = phonetic
        self.translation = translation
        self.exchange = exchange
    }

    /// The translation split into senses (one per line), each with its label.
    public var senses: [Sense] {
        translation.split(separator: "\n").map { Sense(line: String($0)) }
    }

    /// The forms this word has (`kept` as past tense of `keep`), from the exchange field.
    public var forms: [WordForm] {
        Exchange(exchange).forms
    }

    /// The lemma this word is a form of (`keep` for `kept`), with how it derives from it.
    public var lemma: (word: String, kinds: [WordForm.Kind])? {
        let e = Exchange(exchange)
        guard let lemma = e.lemma, lemma.lowercased() != headword.lowercased() else { return nil }
        return (lemma, e.lemmaKinds)
    }

    /// A short sense for a word-by-word gloss: the first item of the first sense that is
    /// not a specialist domain (`[计]`, `[医]`, `[网络]`), else of the first sense. A
    /// function-word sense (`aux.`, `pron.`, `prep.`, `conj.`, `art.`) comes first when the
    /// entry has one: ECDICT lists `can` as `vt. 装罐` before `aux. 能`, and `will` as
    /// `n. 意志` before `aux. 将`, and in running text the function word is meant.
    public var shortSense: String? { shortSense(preferring: Self.functionLabels) }

    /// The short sense, preferring a part of speech that fits the form the word was
    /// found through (a verb sense for `kept`, a noun sense for `books`).
    public func shortSense(for kinds: [WordForm.Kind]) -> String? {
        shortSense(preferring: kinds.flatMap(\.labels) + Self.functionLabels)
    }

    /// The part-of-speech labels of function words, in the order a gloss prefers them.
    public static let functionLabels = ["aux.", "pron.", "prep.", "conj.", "art."]

    /// The short sense from the first sense whose label is earliest in `labels`; else the
    /// first general (non-domain) sense; else the first sense.
    public func shortSense(preferring labels: [String]) -> String? {
        let all = senses.filter { !$0.text.isEmpty }
        let preferred = labels.lazy.compactMap { label in all.first { $0.label == label } }.first
        let general = preferred ?? all.first { !$0.isDomain } ?? all.first
        guard let text = general?.text else { return nil }
        let cut = text.split(whereSeparator: { ",，;；".contains($0) }).first.map(String.init) ?? text
        return cut.trimmingSpaces()
    }
}

/// One line of a translation: an optional label (a part of speech such as `vt.`, or a
/// domain such as `[计]`) and the Chinese text.
public struct Sense: Hashable, Sendable {
    /// `n.`, `vt.`, `[计]`, … or empty.
    public var label: String
    /// The rest of the line.
    public var text: String

    /// Splits a translation line into its label and text.
    public init(line: String) {
        let s = line.trimmingSpaces()
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            label = String(s[...close])
            text = String(s[s.index(after: close)...]).trimmingSpaces()
            return
        }
        if let space = s.firstIndex(of: " "), s[..<space].hasSuffix("."),
           s[..<space].dropLast().allSatisfy({ $0.isASCII && $0.isLetter }), s[..<space].count <= 8 {
            label = String(s[..<space])
            text = String(s[space...]).trimmingSpaces()
            return
        }
        label = ""
        text = s
    }

    /// Whether the label names a specialist field (`[计]`, `[医]`) rather than a part of speech.
    public var isDomain: Bool { label.hasPrefix("[") }
}

/// A word form named by ECDICT's exchange field.
public struct WordForm: Hashable, Sendable {
    /// The kinds of form ECDICT records.
    public enum Kind: Character, Hashable, Sendable, CaseIterable {
        case past = "p", pastParticiple = "d", presentParticiple = "i", thirdPerson = "3"
        case comparative = "r", superlative = "t", plural = "s"

        /// The ECDICT part-of-speech labels a sense must have to fit this form.
        var labels: [String] {
            switch self {
            case .past, .pastParticiple, .presentParticiple, .thirdPerson: ["v.", "vt.", "vi."]
            case .comparative, .superlative: ["a.", "adj.", "adv."]
            case .plural: ["n."]
            }
        }

        /// The Chinese grammatical name, as dictionaries print it.
        public var name: String {
            switch self {
            case .past: "过去式"
            case .pastParticiple: "过去分词"
            case .presentParticiple: "现在分词"
            case .thirdPerson: "第三人称单数"
            case .comparative: "比较级"
            case .superlative: "最高级"
            case .plural: "复数"
            }
        }
    }

    public var kind: Kind
    public var word: String
}

/// ECDICT's exchange field parsed: `p:kept/d:kept/i:keeping/3:keeps` or `0:keep/1:pd`.
struct Exchange {
    var forms: [WordForm] = []
    var lemma: String?
    var lemmaKinds: [WordForm.Kind] = []

    init(_ field: String) {
        for part in field.split(separator: "/") {
            guard let colon = part.firstIndex(of: ":"), part.distance(from: part.startIndex, to: colon) == 1 else { continue }
            let tag = part[part.startIndex], value = String(part[part.index(after: colon)...])
            switch tag {
            case "0": if !value.isEmpty { lemma = value }
            case "1": lemmaKinds = value.compactMap { WordForm.Kind(rawValue: $0) }
            default:
                if let kind = WordForm.Kind(rawValue: tag), !value.isEmpty, lemma == nil {
                    forms.append(WordForm(kind: kind, word: value))
                }
            }
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces (ASCII and ideographic).
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
