import FrameFiles
import Frames
import Testing
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness

/// The `tachikoma` binary `swift build --build-tests` built beside the tests.
func tachikomaBinary() throws -> String {
    let path = Products.path("tachikoma")
    return try #require(FileManager.default.isExecutableFile(atPath: path) ? path : nil, "tachikoma binary not found at \(path)")
}

let repository: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}()

/// Runs tachikoma with `arguments`; returns exit status, stdout and stderr.
func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try tachikomaBinary())
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "tachikoma-convert-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func previewPrintsTheFirstFrameAsANSI() throws {
    let result = try run(["convert", repository + "/Assets/gif/idle.gif", "--cols", "36", "--rows", "16",
                          "--mode", "256", "--preview"])
    #expect(result.status == 0)
    let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count == 16)
    #expect(result.out.contains("\u{1B}[0;38;5;"))
    #expect(!result.out.contains("38;2;"))
}

@Test func convertWritesALoadableFrameFileWithEveryMode() throws {
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let output = dir + "/talk.frames"
    let result = try run(["convert", repository + "/Assets/gif/talk.gif", "-o", output, "--cols", "24", "--rows", "10"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("wrote \(output) (24x10, 6 frames"))
    let animation = try Animation.load(contentsOf: output)
    #expect(animation.name == "talk")
    #expect(animation.width == 24 && animation.height == 10)
    #expect(animation.modes == RenderMode.allCases)
    #expect(animation.frames[.truecolor]!.count == 6)
}

@Test func severalInputsGoIntoADirectoryAndSequencesJoin() throws {
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let inputs = ["sleep", "surprised"].map { repository + "/Assets/gif/\($0).gif" }
    let result = try run(["convert"] + inputs + ["-o", dir + "/skins", "--cols", "20", "--mode", "16"])
    #expect(result.status == 0, "\(result.err)")
    #expect(try Animation.load(contentsOf: dir + "/skins/sleep.frames").modes == [.ansi16])
    #expect(try Animation.load(contentsOf: dir + "/skins/surprised.frames").height == 9)
    let joined = try run(["convert", "--sequence", "--name", "both"] + inputs + ["-o", dir + "/both.frames", "--cols", "20", "--mode", "ascii"])
    #expect(joined.status == 0, "\(joined.err)")
    #expect(try Animation.load(contentsOf: dir + "/both.frames").frames[.ascii]!.count == 8)
}

@Test func brokenInputFailsWithFileAndReasonAndWritesNothing() throws {
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let bad = repository + "/Tests/Art/ImageDecodingTests/Fixtures/bad-truncated.gif"
    let result = try run(["convert", bad, "-o", dir + "/x.frames"])
    #expect(result.status != 0)
    #expect(result.err.contains(bad + ": truncated GIF"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/x.frames"))
    let badMode = try run(["convert", bad, "--mode", "sepia", "--preview"])
    #expect(badMode.status != 0)
    #expect(badMode.err.contains("unknown mode `sepia`"))
}
