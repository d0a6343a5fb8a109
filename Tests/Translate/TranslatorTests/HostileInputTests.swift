import Foundation
import Testing
@testable import Translator
import TranslatorMmap

/// Empty, huge and non-ASCII input, and broken index files: clear answers, no crash.
@Suite struct HostileInputTests {
    @Test(arguments: ["", "   ", "\n\t", "!!! ... ,,,", "'-.'"])
    func emptyInputIsEmpty(input: String) throws {
        #expect(try InstalledDictionary.translator().translate(input) == .empty)
    }

    @Test func hugeInputIsCutAndStillAnswers() throws {
        let huge = String(repeating: "the cat sat on the mat ", count: 50_000)
        guard case .gloss(let items) = try InstalledDictionary.translator().translate(huge) else {
            Issue.record("expected a gloss"); return
        }
        #expect(items.count < Translator.maxInputCharacters)
        #expect(items.count > 100)
        let longWord = String(repeating: "a", count: 100_000)
        guard case .notFound = try InstalledDictionary.translator().translate(longWord) else { Issue.record("long word"); return }
    }

    @Test(arguments: ["naïve", "café", "你好", "🤖🤖", "e\u{301}", "\u{0}keep", "Ω≈ç√", "\u{FFFD}\u{202E}keep"])
    func nonASCIIInputNeverCrashes(input: String) throws {
        let result = try InstalledDictionary.translator().translate(input)
        #expect(!TranslationText.lines(result).isEmpty)
    }

    @Test func naiveWithDiaeresisIsFound() throws {
        guard case .word(let lookup) = try InstalledDictionary.translator().translate("naïve") else { Issue.record("naïve"); return }
        #expect(lookup.entry.entry.translation.contains("天真"))
    }

    @Test func garbageIsReportedAsCorrupted() throws {
        for bytes in [[UInt8](), Array("hello".utf8), [UInt8](repeating: 0xFF, count: 4096)] {
            #expect(throws: DictionaryError.self) { try DictionaryIndex(store: MemoryBytes(bytes)) }
        }
    }

    @Test func aTruncatedIndexIsReportedAsCorrupted() throws {
        var bytes = TinyIndex.build(words: [("keep", "vt. 保持")])
        bytes.removeLast(3)
        #expect {
            try DictionaryIndex(store: MemoryBytes(bytes))
        } throws: { error in
            guard case .corrupted(let reason) = error as? DictionaryError else { return false }
            return reason.contains("truncated")
        }
    }

    @Test func aBrokenRecordOffsetThrowsInsteadOfReadingOutside() throws {
        var bytes = TinyIndex.build(words: [("apple", "n. 苹果"), ("keep", "vt. 保持"), ("zoo", "n. 动物园")])
        let index = try DictionaryIndex(store: MemoryBytes(bytes))
        #expect(try index.entries(for: "keep").first?.translation == "vt. 保持")
        // Point the middle record's end far past its section.
        let offsetsStart = TinyIndex.wordSectionOffset + 4 * 2
        bytes.replaceSubrange(offsetsStart..<(offsetsStart + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
        let broken = try DictionaryIndex(store: MemoryBytes(bytes))
        #expect(throws: DictionaryError.self) { try broken.entries(for: "keep") }
    }

    @Test func aSectionOutsideTheFileIsCorrupted() throws {
        var bytes = TinyIndex.build(words: [("keep", "vt. 保持")])
        bytes.replaceSubrange(32 + 8..<32 + 16, with: [UInt8](repeating: 0xEE, count: 8))
        #expect(throws: DictionaryError.self) { try DictionaryIndex(store: MemoryBytes(bytes)) }
    }

    @Test func aMissingDictionaryNamesTheInstallCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-nodict-\(UUID())").path
        #expect {
            try DictionaryLocation.openTranslator(directory: dir)
        } throws: { error in
            guard case .notInstalled = error as? DictionaryError else { return false }
            return "\(error)".contains("scripts/install-dictionary.sh")
        }
    }

    @Test func theShellCommandFailsClearlyWithoutADictionary() throws {
        let (status, out, err) = try InstalledDictionary.run(["translate", "keep"],
                                                             environment: ["TACHIKOMA_DICT": "/nonexistent/tachikoma-dict"])
        #expect(status != 0)
        #expect(out.isEmpty)
        #expect(err.contains("not installed"))
        #expect(err.contains("scripts/install-dictionary.sh"))
    }

    @Test func theShellCommandFailsClearlyOnACorruptedFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-baddict-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(repeating: 0x41, count: 10_000).write(to: dir.appendingPathComponent(DictionaryLocation.fileName))
        let (status, _, err) = try InstalledDictionary.run(["translate", "keep"], environment: ["TACHIKOMA_DICT": dir.path])
        #expect(status != 0)
        #expect(err.contains("corrupted"))
        #expect(err.contains("--force"))
    }

    @Test func theShellCommandPrintsAnEntryAndTheNoticeIsInHelp() throws {
        let (status, out, _) = try InstalledDictionary.run(["translate", "kept"], environment: ["TACHIKOMA_DICT": InstalledDictionary.directory])
        #expect(status == 0)
        #expect(out.contains("keep的过去式和过去分词"))
        #expect(out.contains("保持"))
        let (_, help, _) = try InstalledDictionary.run(["translate", "--help"])
        #expect(help.contains("ECDICT"))
        #expect(help.contains("MIT"))
    }

    @Test func aDirectoryInPlaceOfTheIndexIsUnreadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tk-dirdict-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(DictionaryLocation.fileName), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DictionaryError.self) { try DictionaryLocation.openTranslator(directory: dir.path) }
    }
}
