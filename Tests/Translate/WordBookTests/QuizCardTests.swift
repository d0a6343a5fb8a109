import Testing
import WordBook

/// A dictionary of a few entries, in ECDICT's translation format.
struct ListSource: SenseSource {
    var entries: [(String, String)]
    var entryCount: Int { entries.count }
    func entry(at position: Int) -> (headword: String, translation: String)? {
        entries.indices.contains(position) ? entries[position] : nil
    }
}

@Suite struct QuizCardTests {
    static let dictionary = ListSource(entries: [
        ("apple", "n. 苹果, 家伙"),
        ("pear", "n. 梨, 梨树"),
        ("table", "n. 桌子; 表格\nvt. 把…列表"),
        ("run", "vi. 跑, 奔跑\nn. 跑步"),
        ("swim", "vi. 游泳"),
        ("keep", "vt. 保持, 保存"),
        ("red", "a. 红色的"),
        ("happy", "adj. 快乐的"),
        ("fruit", "n. 苹果"),            // the same sense as apple's: never a distractor for it
        ("kept", "v. keep的过去式和过去分词"),  // describes a form, not a meaning
        ("Paris", "n. 巴黎"),             // a name, not a plain word
        ("give up", "v. 放弃"),           // a phrase
        ("chair", "n. 椅子"),
        ("stone", "[地] 岩石\nn. 石头"),
    ])

    static let apple = WordRecord(word: "apple", partOfSpeech: "n.", sense: "苹果", entry: "n. 苹果, 家伙", added: 0)
    static let keep = WordRecord(word: "keep", partOfSpeech: "vt.", sense: "保持", entry: "vt. 保持, 保存", added: 0)

    @Test func distractorsShareThePartOfSpeechAndDifferFromTheRightSense() throws {
        let nouns: Set = ["梨", "桌子", "跑步", "椅子", "石头"]
        for seed in UInt64(1)...200 {
            let card = try #require(QuizCard.make(for: Self.apple, source: Self.dictionary, seed: seed))
            #expect(card.word == "apple")
            #expect(card.choices.count == 3)
            #expect(card.choices[card.answer] == "苹果")
            let distractors = card.choices.enumerated().filter { $0.offset != card.answer }.map(\.element)
            #expect(distractors.count == 2)
            #expect(Set(distractors).count == 2)
            for d in distractors {
                #expect(d != "苹果")
                #expect(nouns.contains(d), "seed \(seed): \(d) is not a noun sense of another plain word")
            }
        }
    }

    @Test func verbsGetVerbDistractorsWhateverTheVerbLabel() throws {
        // ECDICT's verb labels (v., vt., vi.) are one part of speech.
        let verbs: Set = ["把…列表", "跑", "游泳"]
        for seed in UInt64(1)...100 {
            let card = try #require(QuizCard.make(for: Self.keep, source: Self.dictionary, seed: seed))
            #expect(card.choices[card.answer] == "保持")
            for (i, c) in card.choices.enumerated() where i != card.answer {
                #expect(verbs.contains(c), "seed \(seed): \(c)")
            }
        }
    }

    @Test func theSameSeedGivesTheSameCardAndSeedsVary() throws {
        let a = QuizCard.make(for: Self.apple, source: Self.dictionary, seed: 42)
        let b = QuizCard.make(for: Self.apple, source: Self.dictionary, seed: 42)
        #expect(a != nil && a == b)
        let cards = Set((UInt64(1)...50).compactMap { QuizCard.make(for: Self.apple, source: Self.dictionary, seed: $0) })
        #expect(cards.count > 3)
        #expect(Set(cards.map(\.answer)) == [0, 1, 2])
    }

    @Test func noCardWhenTheDictionaryHasNoTwoDistractors() {
        let tiny = ListSource(entries: [("apple", "n. 苹果"), ("pear", "n. 梨"), ("run", "vi. 跑")])
        #expect(QuizCard.make(for: Self.apple, source: tiny, seed: 1) == nil)
        #expect(QuizCard.make(for: Self.apple, source: ListSource(entries: []), seed: 1) == nil)
    }

    @Test func theQuizSenseIsTheFirstPartOfSpeechsFirstItem() {
        #expect(QuizSense.pick(from: "n. 苹果, 家伙")! == ("n.", "苹果"))
        #expect(QuizSense.pick(from: "[计] 作废字符\nvt. 保持; 保存")! == ("vt.", "保持"))
        #expect(QuizSense.pick(from: "[计] 作废字符")! == ("", "作废字符"))
        #expect(QuizSense.pick(from: "") == nil)
        // A form looked up (`kept`) asks for the sense of its part of speech.
        #expect(QuizSense.pick(from: "n. 生计\nvt. 保持, 保存", preferring: QuizSense.family("v."))! == ("vt.", "保持"))
        #expect(QuizSense.pick(from: "n. 生计", preferring: QuizSense.family("v."))! == ("n.", "生计"))
        #expect(QuizSense.family("vi.") == QuizSense.family("vt."))
        #expect(QuizSense.family("a.") == QuizSense.family("adj."))
        #expect(QuizSense.family("n.") != QuizSense.family("v."))
    }
}
