import FileIO
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The one atomic writer: a file is either the old one or the whole new one, never half,
/// with the permissions asked for from its first byte, and nothing left behind on failure.
@Suite struct AtomicFileTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func replaceWritesTheWholeFileAndLeavesNothingElse() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/settings.toml"
        try AtomicFile.replace(path, with: Array("old = 1\n".utf8))
        try AtomicFile.replace(path, with: Array("new = 2\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new = 2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["settings.toml"], "no temporary left")
    }

    @Test func anExactModeHoldsFromTheStart() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/chat.toml"
        try AtomicFile.replace(path, with: Array("keys".utf8), mode: 0o600, exactMode: true)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    /// A write that cannot happen (the name is a folder) leaves the old contents and no
    /// temporary (root ignores read-only folders, so a folder in the way stands in for them).
    @Test func aFailedReplaceLeavesNothingBehind() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/taken", withIntermediateDirectories: false)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: dir + "/taken/file"))
        #expect(throws: FileWriteError.self) { try AtomicFile.replace(dir + "/taken", with: Array("new".utf8)) }
        #expect(try String(contentsOfFile: dir + "/taken/file", encoding: .utf8) == "inside")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"], "no temporary left")
    }

    @Test func aMissingOrFileParentIsAClearError() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/plain"))
        #expect(throws: FileWriteError.notAFolder(path: dir + "/plain")) {
            try AtomicFile.replace(dir + "/plain/inside.txt", with: [1, 2, 3])
        }
        #expect(throws: FileWriteError.self) { try AtomicFile.replace(dir + "/missing/inside.txt", with: [1]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["plain"])
    }
}
