import ArgumentParser
import Translator
import TranslatorMmap

#if canImport(Glibc)
import Glibc
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

            The dictionary lives in $TACHIKOMA_DICT, else $XDG_DATA_HOME/tachikoma/dict, else
            ~/.local/share/tachikoma/dict. Install it with scripts/install-dictionary.sh.

            \(DictionaryNotice.text)
            """
    )

    @Option(name: .customLong("dict"), help: "The dictionary directory (overrides $TACHIKOMA_DICT).")
    var directory: String?

    @Flag(name: .customLong("license"), help: "Print ECDICT's licence and exit.")
    var showLicense = false

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
            if case .notFound = result { throw ExitCode(1) }
        } catch let error as DictionaryError {
            var errors = StandardError()
            print("tachikoma translate: \(error)", to: &errors)
            throw ExitCode(2)
        }
    }
}

/// Standard error as a `TextOutputStream`, for messages that must not mix with results.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
