import Testing
@testable import Translator

/// Lookups against the installed ECDICT index: whole entries, word forms, phrases, glosses.
@Suite struct TranslatorTests {
    let translator: Translator

    init() throws { translator = try InstalledDictionary.translator() }

    @Test func aWordHasItsWholeEntryWithPhoneticAndPinyin() throws {
        guard case .word(let lookup) = try translator.translate("keep") else { Issue.record("keep not found"); return }
        let entry = lookup.entry.entry
        #expect(entry.headword == "keep")
        #expect(entry.phonetic == "ˈkip")
        #expect(entry.senses.map(\.label) == ["n.", "vt.", "vi."])
        #expect(entry.senses[1].text.hasPrefix("保持, 保存"))
        #expect(lookup.entry.sensePinyin[1].hasPrefix("bǎo chí, bǎo cún"))
        #expect(entry.forms.contains(WordForm(kind: .past, word: "kept")))
        #expect(lookup.baseForms.isEmpty)
    }

    @Test(arguments: [
        ("kept", "keep", [WordForm.Kind.past, .pastParticiple]),
        ("studies", "study", [.plural, .thirdPerson]),
        ("stopped", "stop", [.past, .pastParticiple]),
        ("went", "go", [.past]),
        ("better", "good", [.comparative]),
        ("Children", "child", [.plural]),
    ])
    func anInflectedFormFindsItsBaseWord(form: String, base: String, kinds: [WordForm.Kind]) throws {
        let lookup = try #require(try translator.lookup(form))
        let first = try #require(lookup.baseForms.first)
        #expect(first.entry.entry.headword == base)
        #expect(Set(first.kinds).isSuperset(of: kinds))
        #expect(!first.entry.entry.translation.isEmpty)
    }

    @Test func aRegularFormMissingFromTheFormTableFallsBackToRules() throws {
        #expect(Lemmatizer.candidates("stopped").contains("stop"))
        #expect(Lemmatizer.candidates("studies").contains("study"))
        #expect(Lemmatizer.candidates("making").contains("make"))
        // "hashtags" is not in ECDICT's form table; the rules reach "hashtag".
        #expect(try translator.index.entries(for: "hashtags").isEmpty)
        let lookup = try #require(try translator.lookup("hashtags"))
        #expect(lookup.baseForms.first?.entry.entry.headword == "hashtag")
    }

    @Test func aPhraseEcdictHasIsShownWhole() throws {
        guard case .phrase(let lookup) = try translator.translate("give  up") else { Issue.record("give up"); return }
        #expect(lookup.entry.entry.translation.contains("放弃"))
    }

    @Test func aSentenceGetsALabelledWordByWordGloss() throws {
        let result = try translator.translate("I kept the books on the table.")
        guard case .gloss(let items) = result else { Issue.record("expected a gloss, got \(result)"); return }
        #expect(items.map(\.source) == ["I", "kept", "the", "books", "on the table"])
        #expect(items[1].lemma == "keep")
        #expect(items[1].sense == "保持")
        #expect(items[3].lemma == "book")
        let lines = TranslationText.lines(result)
        #expect(lines.first == TranslationText.glossTitle)
        #expect(lines.first?.contains("逐词释义") == true)
    }

    @Test func aGlossPrefersTheFunctionWordSense() throws {
        guard case .gloss(let items) = try translator.translate("you can swim") else { Issue.record("gloss"); return }
        let can = try #require(items.first { $0.source == "can" })
        #expect(can.sense == "能")
        guard case .word(let will) = try translator.translate("will") else { Issue.record("will"); return }
        #expect(will.entry.entry.senses.first?.label == "n.")
        #expect(will.entry.entry.shortSense?.hasPrefix("将") == true)
    }

    @Test func aGlossReadsTheWordBeforeForThePartOfSpeech() throws {
        guard case .gloss(let items) = try translator.translate("I will keep the will") else { Issue.record("gloss"); return }
        #expect(items.map(\.source) == ["I", "will", "keep", "the", "will"])
        #expect(items[1].sense == "将")
        #expect(items[2].sense == "保持")
        #expect(items[4].sense == "意志")
    }

    @Test func pinyinUsesWordReadingsForHeteronyms() throws {
        let pinyin = Pinyin(index: translator.index)
        #expect(try pinyin.annotate("银行") == "yín háng")
        #expect(try pinyin.annotate("行为") == "xíng wéi")
        #expect(try pinyin.annotate("保持；维持") == "bǎo chí; wéi chí")
        #expect(try pinyin.annotate("abc") == "")
    }

    @Test func anUnknownWordSaysSoAndSuggests() throws {
        guard case .notFound(let word, let suggestions) = try translator.translate("keepz") else { Issue.record("keepz"); return }
        #expect(word == "keepz")
        #expect(suggestions.isEmpty)
        guard case .notFound(_, let near) = try translator.translate("translatio") else { Issue.record("translatio"); return }
        #expect(near.contains("translation"))
    }

    @Test func theLicenceNoticeNamesEcdict() {
        #expect(DictionaryNotice.text.contains("ECDICT"))
        #expect(DictionaryNotice.text.contains("MIT"))
        #expect(DictionaryNotice.ecdictLicense.contains("Copyright (c) 2025 Linwei"))
    }
}
