import SeededRandom

/// A quiz card the pet holds up: an English word and three Chinese senses, one right.
public struct QuizCard: Hashable, Sendable {
    /// The word asked about.
    public var word: String
    /// Its part of speech (`n.`), shown with the word.
    public var partOfSpeech: String
    /// The three choices, in the order shown (keys 1, 2, 3).
    public var choices: [String]
    /// The index of the right choice.
    public var answer: Int
    /// The word's whole translation, shown after a wrong answer.
    public var entry: String

    /// A card with its choices in the order shown.
    public init(word: String, partOfSpeech: String, choices: [String], answer: Int, entry: String) {
        self.word = word
        self.partOfSpeech = partOfSpeech
        self.choices = choices
        self.answer = answer
        self.entry = entry
    }

    /// The right sense.
    public var rightSense: String { choices[answer] }

    /// Makes the card for `record`: its sense and two distractors from `source` with the same
    /// part of speech (`QuizSense.family`), different from the right sense and from each
    /// other, taken from plain lower-case words other than the word itself. The same seed
    /// gives the same card. Nil when `source` yields no two distractors within `probes`
    /// random positions (a tiny or damaged dictionary).
    public static func make(for record: WordRecord, source: some SenseSource, seed: UInt64, probes: Int = 4000) -> QuizCard? {
        guard !record.sense.isEmpty, source.entryCount > 0 else { return nil }
        var rng = SplitMix64(seed: seed)
        let family = QuizSense.family(record.partOfSpeech)
        let key = WordRecord.key(record.word)
        var distractors: [String] = []
        for _ in 0..<probes where distractors.count < 2 {
            let position = Int.random(in: 0..<source.entryCount, using: &rng)
            guard let (headword, translation) = source.entry(at: position),
                  WordRecord.key(headword) != key,
                  headword.allSatisfy({ $0.isASCII && $0.isLowercase }),
                  let sense = QuizSense.sense(in: translation, family: family),
                  sense != record.sense, !distractors.contains(sense),
                  // "keep的过去式" describes a form, not a meaning: it would give itself away.
                  !sense.contains(where: { $0.isASCII && $0.isLetter })
            else { continue }
            distractors.append(sense)
        }
        guard distractors.count == 2 else { return nil }
        let answer = Int.random(in: 0..<3, using: &rng)
        var choices = distractors
        choices.insert(record.sense, at: answer)
        return QuizCard(word: record.word, partOfSpeech: record.partOfSpeech, choices: choices, answer: answer,
                        entry: record.entry)
    }
}
