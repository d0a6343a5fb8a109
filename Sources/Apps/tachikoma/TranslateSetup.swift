import Foundation
import NIOConcurrencyHelpers
import PetApp
import PetCore
import TerminalLoop
import TranslateConfigTOML
import TranslateUI
import Translator
import TranslatorHTTP
import TranslatorMmap
import WordBookSQLite

/// Wires the Translate dialog into the pet: registers `TranslatePanel` with a handler that
/// looks queries up off the UI thread, through the same calls as `tachikoma translate`
/// (the memory-mapped ECDICT index, then the `[translate]` online service when the config
/// has one), and posts each answer back to the panel.
enum TranslateSetup {
    /// The lookups behind the dialog (the panel's tasks go to `TranslateService.start`).
    static func service(configPath: String?) -> TranslateService {
        let environment = DictionaryLocation.processEnvironment()
        return TranslateService(directory: DictionaryLocation.directory(environment: environment),
                                configPath: configPath ?? PetConfigFile.defaultPath(environment: environment),
                                wordBook: WordBookService(path: WordBookService.defaultPath(environment: environment)))
    }

    /// At start the dialog learns whether the dictionary and the online service are there.
    static func onStart(_ runner: PetRunner<PetPanels>, _ service: TranslateService) {
        runner.onStart { inbox in
            Task.detached { TranslateService.post(service.status(), to: inbox) }
        }
    }
}

/// The lookups behind the dialog. The translator is opened once (mapping the index costs
/// nothing, but there is no need to repeat it) and reopened after a failure, so installing
/// the dictionary while the pet runs works. A new lookup cancels the previous one's online
/// request; the panel also ignores answers to older requests.
final class TranslateService: Sendable {
    let directory: String
    let configPath: String
    /// Where every word looked up goes (issue 15).
    let wordBook: WordBookService
    // NIO's locks (pthread mutexes), which ThreadSanitizer sees; `Synchronization.Mutex` uses
    // futex calls it does not.
    private let translator = NIOLockedValueBox<Translator?>(nil)
    private let running = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Whether a word-book failure was already reported (once is enough).
    private let wordBookReported = NIOLockedValueBox(false)

    init(directory: String, configPath: String, wordBook: WordBookService) {
        self.directory = directory
        self.configPath = configPath
        self.wordBook = wordBook
    }

    static func post(_ message: TranslateMessage, to inbox: PetInbox) {
        inbox.post(.panel(.translate(message)))
    }

    /// Starts a lookup in a task; returns at once (the handler runs on the UI thread).
    func start(_ task: TranslateTask, inbox: PetInbox) {
        let work = Task.detached { [self] in await lookUp(task, inbox: inbox) }
        running.withLockedValue { previous in
            previous?.cancel()
            previous = work
        }
    }

    /// The offline answer first, then the online one when a service is configured.
    private func lookUp(_ task: TranslateTask, inbox: PetInbox) async {
        do {
            let result = try openTranslator().translate(task.query)
            Self.post(.offline(request: task.request, result), to: inbox)
            do {
                if try wordBook.record(result) != nil { wordBook.postWords(try wordBook.open().keys(), to: inbox) }
            } catch {
                if !wordBookReported.withLockedValue({ reported in defer { reported = true }; return reported }) {
                    inbox.post(.wordBookUnavailable(WordBookService.unavailable(error)))
                }
            }
        } catch {
            Self.post(.dictionaryFailed(request: task.request, error), to: inbox)
        }
        let backend: OnlineBackend
        do {
            guard let configured = try onlineBackend() else { return }
            backend = configured
        } catch {
            Self.post(.onlineFailed(request: task.request, service: TranslateMessage.configService,
                                      message: error.description), to: inbox)
            return
        }
        Self.post(.onlinePending(request: task.request, service: backend.name), to: inbox)
        do {
            let text = try await OnlineTranslator(backend: backend).translate(task.query)
            guard !Task.isCancelled else { return }
            Self.post(.online(request: task.request, service: backend.name, text: text), to: inbox)
        } catch {
            guard !Task.isCancelled else { return }
            Self.post(.onlineFailed(request: task.request, service: backend.name, message: error.description), to: inbox)
        }
    }

    /// What the panel shows before the first lookup: does the dictionary open, is there
    /// an online service.
    func status() -> TranslateMessage {
        var dictionary: DictionaryError?
        do { _ = try openTranslator() } catch { dictionary = error }
        do {
            return .status(dictionary: dictionary, online: try onlineBackend()?.name, onlineProblem: nil)
        } catch {
            return .status(dictionary: dictionary, online: nil, onlineProblem: error.description)
        }
    }

    /// A short gloss of a chat message or of words typed after `/tr`, from the offline
    /// dictionary: a sentence as one `word sense · word sense` line (labelled as a gloss, not
    /// a translation), a word as the first lines of its entry.
    func chatGloss(_ text: String) -> [String] {
        let result: Translation
        do {
            result = try openTranslator().translate(text)
        } catch {
            return ["No dictionary: \(error)"]
        }
        switch result {
        case .gloss(let items):
            let parts = items.map { item in item.source + " " + (item.sense ?? "—") }
            return ["逐词释义 (word by word): " + parts.joined(separator: " · ")]
        default:
            return Array(TranslationText.lines(result).prefix(4))
        }
    }

    /// The configured online service's reading of a chat message, for a line under its
    /// dictionary gloss (what failed, if it did); nil when no service is configured.
    func chatOnline(_ text: String) async -> String? {
        let backend: OnlineBackend
        do {
            guard let configured = try onlineBackend() else { return nil }
            backend = configured
        } catch {
            return "⇢ \(TranslateMessage.configService): \(error.description)"
        }
        do {
            return "⇢ \(backend.name): " + (try await OnlineTranslator(backend: backend).translate(text))
        } catch {
            return "⇢ \(backend.name) failed: \(error.description)"
        }
    }

    /// The translator over the installed index, opened on first use.
    func openTranslator() throws(DictionaryError) -> Translator {
        if let open = translator.withLockedValue({ $0 }) { return open }
        let opened = try DictionaryLocation.openTranslator(directory: directory)
        translator.withLockedValue { $0 = opened }
        return opened
    }

    /// The `[translate]` service of the config, read at each lookup so an edit applies
    /// without a restart; nil when none is configured.
    func onlineBackend() throws(OnlineError) -> OnlineBackend? {
        guard let data = FileManager.default.contents(atPath: configPath) else { return nil }
        return try TranslateConfigFile.backend(fromTOML: String(decoding: data, as: UTF8.self))
    }
}
