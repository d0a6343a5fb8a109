import Foundation
import PetApp
import PetCore
import TerminalLoop
import Translator
import WordBook
import WordBookSQLite

/// The offline dictionary as a source of distractors.
struct DictionarySenses: SenseSource {
    let index: DictionaryIndex
    var entryCount: Int { index.wordCount }
    func entry(at position: Int) -> (headword: String, translation: String)? {
        guard let e = try? index.entry(at: position) else { return nil }
        return (e.headword, e.translation)
    }
}

/// Wires the word book into the pet: checks an existing book at start (a broken one is
/// reported and turns quizzes off; the file is never touched), makes cards when the pet
/// asks, and writes answers back.
enum WordBookSetup {
    static func register(_ runner: PetRunner<PetPanels>, translate: TranslateService) -> WordBookService {
        let service = translate.wordBook
        runner.onStart { inbox in
            guard service.exists else { return }
            Task.detached {
                do {
                    service.postWords(try service.open().keys(), to: inbox)
                } catch {
                    inbox.post(.wordBookUnavailable(WordBookService.unavailable(error)))
                }
            }
        }
        return service
    }

    /// Carries out the quiz effects; the work runs in a task, never on the UI thread.
    static func handle(_ effect: PetEffect, service: WordBookService, translate: TranslateService, inbox: PetInbox) {
        switch effect {
        case .quizWanted:
            Task.detached {
                let dictionary = try? translate.openTranslator().index
                do {
                    let card = try service.card(now: Date().timeIntervalSince1970, dictionary: dictionary,
                                                seed: UInt64.random(in: 1...UInt64.max))
                    inbox.post(.quizCard(card))
                } catch {
                    inbox.post(.wordBookUnavailable(WordBookService.unavailable(error)))
                }
            }
        case .quizAnswered(let word, let correct):
            Task.detached {
                do { try service.answer(word: word, correct: correct) } catch {
                    inbox.post(.wordBookUnavailable(WordBookService.unavailable(error)))
                }
            }
        default:
            break
        }
    }
}
