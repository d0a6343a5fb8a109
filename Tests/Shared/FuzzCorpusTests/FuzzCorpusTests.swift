import Foundation
import FuzzEntryPoints
import Testing

/// Feeds every seed in Fuzz/Corpus and every past finding in Fuzz/Regressions through the same
/// entry points the libFuzzer harnesses call, so `make test` guards them without libFuzzer.
/// A trap in a decoder fails the whole run. Seeds named `valid-…` must be accepted and seeds
/// named `invalid-…` refused; every refusal must say why.
@Suite struct FuzzCorpusTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func files(_ folder: String, _ harness: String) -> [URL] {
        let dir = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(harness)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func check(_ file: URL, with harness: FuzzHarness) throws {
        let bytes = try [UInt8](Data(contentsOf: file))
        let outcome = harness.run(bytes)
        let name = file.lastPathComponent
        switch outcome {
        case .accepted:
            #expect(!name.hasPrefix("invalid-"), "\(harness.name)/\(name) was accepted but is named invalid-")
        case .rejected(let reason):
            #expect(!name.hasPrefix("valid-"), "\(harness.name)/\(name) was refused: \(reason)")
            #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "\(harness.name)/\(name) was refused without a reason")
        }
    }

    @Test func everyHarnessHasACorpusAndNoStrayFolder() throws {
        let corpus = Self.fuzzDirectory.appendingPathComponent("Corpus").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(FuzzHarness.all.map(\.name)))
    }

    @Test(arguments: FuzzHarness.all.map(\.name))
    func seeds(harness name: String) throws {
        let harness = try #require(FuzzHarness.named(name))
        let files = Self.files("Corpus", name)
        #expect(files.count >= 3, "Fuzz/Corpus/\(name) has \(files.count) seeds")
        #expect(files.contains { $0.lastPathComponent.hasPrefix("valid-") }, "no valid- seed for \(name)")
        for file in files { try Self.check(file, with: harness) }
    }

    @Test(arguments: FuzzHarness.all.map(\.name))
    func pastFindings(harness name: String) throws {
        let harness = try #require(FuzzHarness.named(name))
        for file in Self.files("Regressions", name) { try Self.check(file, with: harness) }
    }
}
