import ArgumentParser
import Foundation
import PetApp
import Translator
import TranslateConfigTOML
import TranslatorHTTP
import TranslatorMmap

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tachikoma translate WORD…`: English → Chinese from the shell, offline (issue 8).
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate English into Chinese (offline dictionary; sentences get a word-by-word gloss).",
        discussion: """
            Words get their whole ECDICT entry (phonetic, senses with pinyin, word forms);
            inflected forms also show their base word (kept → keep). Phrases ECDICT has are
            shown whole; other sentences get a 逐词释义 (word-by-word gloss), which is not a
            translation.

            The dictionary lives in $TACHIKOMA_DICT, else in
            $XDG_DATA_HOME/tachikoma/dict, else in ~/.local/share/tachikoma/dict.
            Install it with scripts/install-dictionary.sh.

            --online also asks the service of the [translate] table in config.toml
            (backend = "libretranslate" or "openai", url, api_key, model, timeout) and
            prints its answer after the offline one; --backend/--url/--model override it.

            \(DictionaryNotice.text)
            """
    )

    @Option(name: .customLong("dict"), help: "The dictionary directory (overrides $TACHIKOMA_DICT).")
    var directory: String?

    @Flag(name: .customLong("license"), help: "Print ECDICT's licence and exit.")
    var showLicense = false

    @Flag(name: .customLong("online"), help: "Also ask the online service from the config (after the offline answer).")
    var online = false

    @Option(name: .customLong("backend"), help: "Online service kind: libretranslate or openai (implies --online).")
    var backendKind: String?

    @Option(name: .customLong("url"), help: "Online service base URL (implies --online).")
    var url: String?

    @Option(name: .customLong("model"), help: "Chat model for an openai backend.")
    var model: String?

    @Option(name: .customLong("timeout"), help: "Seconds to wait for the online service.")
    var timeout: Double?

    @Flag(name: .customLong("batch"), help: .hidden)
    var batch = false

    @Argument(help: "English words, a phrase or a sentence.")
    var words: [String] = []

    func run() throws {
        if showLicense {
            print(DictionaryNotice.ecdictLicense)
            print()
            print(DictionaryNotice.text)
            return
        }
        guard batch || !words.isEmpty else { throw ValidationError("give a word, a phrase or a sentence to translate") }
        let dir = directory ?? DictionaryLocation.directory(environment: DictionaryLocation.processEnvironment())
        do {
            if batch { return try TranslateBatch.run(directory: dir) }
            let translator = try DictionaryLocation.openTranslator(directory: dir)
            let result = try translator.translate(words.joined(separator: " "))
            for line in TranslationText.lines(result) { print(line) }
            keepInWordBook(result)
            if online || backendKind != nil || url != nil {
                try translateOnline(words.joined(separator: " "))
            } else if case .notFound = result {
                throw ExitCode(1)
            }
        } catch let error as DictionaryError {
            var errors = StandardError()
            print("tachikoma translate: \(error)", to: &errors)
            throw ExitCode(2)
        }
    }

    /// Files the word in the word book; a book that cannot be written is a warning on
    /// standard error (the translation was printed; the exit status does not change).
    private func keepInWordBook(_ result: Translation) {
        do {
            try WordBookService(path: WordBookService.defaultPath()).record(result)
        } catch {
            var errors = StandardError()
            print("tachikoma translate: not kept in the word book: \(error)", to: &errors)
        }
    }

    /// Prints the online service's answer, or a clear error (exit status 3).
    private func translateOnline(_ text: String) throws {
        var errors = StandardError()
        do {
            let configured = try FileManager.default.contents(atPath: PetConfigFile.defaultPath())
                .flatMap { try TranslateConfigFile.backend(fromTOML: String(decoding: $0, as: UTF8.self)) }
            guard var backend = try overridden(configured) else {
                throw OnlineError.misconfigured("no [translate] backend in \(PetConfigFile.defaultPath()) and no --backend/--url")
            }
            if let model { backend.model = model }
            if let timeout { backend.timeout = timeout }
            print("")
            print("── online (\(backend.name)) ──")
            let client = OnlineTranslator(backend: backend)
            let answer = try BlockingTask.run { try await client.translate(text) }
            print(answer)
        } catch let error as OnlineError {
            print("tachikoma translate: \(error)", to: &errors)
            throw ExitCode(3)
        }
    }

    /// The configured backend with the command-line options applied.
    private func overridden(_ configured: OnlineBackend?) throws(OnlineError) -> OnlineBackend? {
        guard backendKind != nil || url != nil else { return configured }
        let kindName = backendKind ?? configured?.kind.rawValue ?? "libretranslate"
        guard let kind = OnlineBackend.Kind(rawValue: kindName.lowercased()) else {
            throw .misconfigured("--backend must be libretranslate or openai")
        }
        guard let base = url.flatMap(URL.init(string:)) ?? configured?.url, base.host != nil else {
            throw .misconfigured("--url must be an http:// or https:// URL")
        }
        return OnlineBackend(kind: kind, url: base, apiKey: configured?.apiKey, model: configured?.model,
                             timeout: configured?.timeout ?? 10)
    }
}

/// Runs async work to completion from synchronous code (the command is synchronous).
enum BlockingTask {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = OnlineResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

/// A result handed from the task to the waiting thread.
final class OnlineResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Result<T, any Error>?

    func set(_ v: Result<T, any Error>) { lock.withLock { value = v } }
    func get() throws -> T {
        guard let v = lock.withLock({ value }) else { throw OnlineError.misconfigured("no result") }
        return try v.get()
    }
}

/// Standard error as a `TextOutputStream`, for messages that must not mix with results.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
