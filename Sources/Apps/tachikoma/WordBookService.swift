import ChatUI
import Foundation
import NIOConcurrencyHelpers
import PetApp
import PetCore
import TerminalLoop
import Translator
import WordBook
import WordBookSQLite

/// The word book behind the pet and `tachikoma translate`/`words`: where the file is, what
/// a lookup puts into it, the quiz cards made from its due words, and the answers written
/// back. All of it runs off the UI thread (the pet's handler starts a task per request).
final class WordBookService: Sendable {
    /// The book's file.
    let path: String
    // The opened store (or why it cannot be opened), kept after the first try so a broken
    // book is reported once, not at every lookup.
    private let store = NIOLockedValueBox<Result<WordBookStore, WordBookError>?>(nil)  // pthread: visible to TSan

    init(path: String) { self.path = path }

    /// `$XDG_DATA_HOME/tachikoma/words.sqlite` (default `~/.local/share/tachikoma/words.sqlite`).
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        AssetLocator.dataDirectory(environment: environment) + "/" + WordBookStore.fileName
    }

    /// Whether the file is there (a book nobody wrote to yet is not created just to read it).
    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The store, opened (and created with its folder) on first use.
    func open() throws(WordBookError) -> WordBookStore {
        let result = store.withLockedValue { cached -> Result<WordBookStore, WordBookError> in
            if let cached { return cached }
            let opened = Result { () throws(WordBookError) -> WordBookStore in
                let folder = (path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw WordBookError(path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
                }
                return try WordBookStore(path: path)
            }
            cached = opened
            return opened
        }
        return try result.get()
    }

    /// Puts the word of a dictionary answer into the book; nothing for a gloss or a word
    /// the dictionary does not know. Returns the word recorded.
    @discardableResult
    func record(_ translation: Translation, now: Double = Date().timeIntervalSince1970) throws(WordBookError) -> String? {
        guard let (found, family) = Self.entry(of: translation),
              let (pos, sense) = QuizSense.pick(from: found.translation, preferring: family) else { return nil }
        try open().recordLookup(word: found.headword, partOfSpeech: pos, sense: sense, entry: found.translation, at: now)
        return found.headword
    }

    /// The entry a lookup is filed under: the word's own, or its base form's for an
    /// inflection (`kept` → `keep`), so the book holds words, not forms; with the part of
    /// speech the form implies (`kept`: a verb, `books`: a noun), if any.
    static func entry(of translation: Translation) -> (WordEntry, String?)? {
        let lookup: WordLookup
        switch translation {
        case .word(let l), .phrase(let l): lookup = l
        default: return nil
        }
        let own = lookup.entry.entry
        if own.lemma != nil || own.translation.isEmpty, let base = lookup.baseForms.first {
            let kinds = base.kinds.isEmpty ? own.lemma?.kinds ?? [] : base.kinds
            return (base.entry.entry, kinds.first.map(family))
        }
        return own.translation.isEmpty ? nil : (own, nil)
    }

    /// The part-of-speech family (`QuizSense.family`) a word form belongs to.
    static func family(_ kind: WordForm.Kind) -> String {
        switch kind {
        case .past, .pastParticiple, .presentParticiple, .thirdPerson: QuizSense.family("v.")
        case .comparative, .superlative: QuizSense.family("adj.")
        case .plural: "n."
        }
    }

    /// A quiz card for the most overdue word that the dictionary can make one for; nil
    /// when nothing is due (or there is no book yet).
    func card(now: Double, dictionary: DictionaryIndex?, seed: UInt64) throws(WordBookError) -> QuizCard? {
        guard exists, let dictionary else { return nil }
        let source = DictionarySenses(index: dictionary)
        for record in try open().due(at: now) {
            if let card = QuizCard.make(for: record, source: source, seed: seed) { return card }
        }
        return nil
    }

    /// Reschedules `word` after a quiz answer (SM-2 grade 4 for right, 1 for wrong).
    func answer(word: String, correct: Bool, now: Double = Date().timeIntervalSince1970) throws(WordBookError) {
        try open().review(word: word, grade: correct ? SM2.rightAnswerGrade : SM2.wrongAnswerGrade, at: now)
    }

    /// Tells the chat panel the book's words, which it underlines in others' messages
    /// (issue 15, item 3).
    func postWords(_ words: Set<String>, to inbox: PetInbox) {
        inbox.post(.panel(.chat(ChatPanelMessage.wordBook(words))))
    }

    /// The message the pet shows when the book cannot be used.
    static func unavailable(_ error: any Error) -> String {
        "Word book unusable, quizzes are off: \(error)"
    }
}
