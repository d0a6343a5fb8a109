/// What the offline translator found for some input.
public enum Translation: Hashable, Sendable {
    /// The input was empty (or only spaces and punctuation).
    case empty
    /// One word found in the dictionary (maybe through its base form).
    case word(WordLookup)
    /// A phrase ECDICT has as an entry (`give up`).
    case phrase(WordLookup)
    /// A sentence: a word-by-word gloss (逐词释义), explicitly not a translation.
    case gloss([GlossItem])
    /// A single word the dictionary does not know, with headwords that start like it.
    case notFound(word: String, suggestions: [String])
}

/// A dictionary entry ready to show: the entry, each sense's pinyin, and the entries of its
/// base forms (`keep` for `kept`).
public struct WordLookup: Hashable, Sendable {
    /// The text the user typed for this entry.
    public var query: String
    /// The entry itself.
    public var entry: AnnotatedEntry
    /// Entries for the word's lemma(s), with the relation (`过去式`), when it is a form.
    public var baseForms: [BaseForm]
}

/// An entry whose senses carry pinyin.
public struct AnnotatedEntry: Hashable, Sendable {
    public var entry: WordEntry
    /// One pinyin line per `entry.senses` element (empty when the sense has no Chinese).
    public var sensePinyin: [String]
}

/// The lemma of an inflected form and how the form derives from it.
public struct BaseForm: Hashable, Sendable {
    /// The form kinds (`过去式`, `过去分词`); empty when found by a regular rule.
    public var kinds: [WordForm.Kind]
    public var entry: AnnotatedEntry
}

/// One unit of a word-by-word gloss: a word or a phrase ECDICT has, and a short sense.
public struct GlossItem: Hashable, Sendable {
    /// The words as typed.
    public var source: String
    /// The base form used, when it differs from the source (`keep` for `kept`).
    public var lemma: String?
    /// A short Chinese sense; nil when the dictionary has none.
    public var sense: String?
}
